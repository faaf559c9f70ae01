import { connect } from 'node:net'
import { describe, expect, it } from 'vitest'
import { App, t } from 'wharfjs'
import { TestClient } from 'wharfjs/testing'

const quiet = () => new App({ logger: false })

async function post(app: App, path: string, json: unknown) {
  const res = await new TestClient(app).post(path, { json })
  return { status: res.status, body: res.json() }
}

describe('pydantic reports only what is wrong', () => {
  it('a nullable object (t.Union([X, t.Null()])) reports the inner errors only, no none_required', async () => {
    const app = quiet()
    const Dimensions = t.Object({ width: t.Integer(), height: t.Integer() })
    app.post('/boxes', { body: t.Object({ dims: t.Union([Dimensions, t.Null()]) }) }, ({ body }) => body)
    expect(await post(app, '/boxes', { dims: { width: 'wide', height: 1 } })).toEqual({
      status: 422,
      body: {
        detail: [
          {
            type: 'int_parsing',
            loc: ['body', 'dims', 'width'],
            msg: 'Input should be a valid integer, unable to parse string as an integer',
            input: 'wide',
          },
        ],
      },
    })
    expect(await post(app, '/boxes', { dims: null })).toEqual({ status: 200, body: { dims: null } })
  })

  it('a nullable scalar reports the scalar error once', async () => {
    const app = quiet()
    app.post('/n', { body: t.Object({ n: t.Union([t.Integer(), t.Null()]) }) }, ({ body }) => body)
    expect(await post(app, '/n', { n: [] })).toEqual({
      status: 422,
      body: {
        detail: [{ type: 'int_type', loc: ['body', 'n'], msg: 'Input should be a valid integer', input: [] }],
      },
    })
  })

  it('additionalProperties: false reports one extra_forbidden per extra key, nothing else', async () => {
    const app = quiet()
    app.post(
      '/strict',
      { body: t.Object({ a: t.String() }, { additionalProperties: false }) },
      ({ body }) => body,
    )
    expect(await post(app, '/strict', { a: 'x', b: 1, c: 2 })).toEqual({
      status: 422,
      body: {
        detail: [
          { type: 'extra_forbidden', loc: ['body', 'b'], msg: 'Extra inputs are not permitted', input: 1 },
          { type: 'extra_forbidden', loc: ['body', 'c'], msg: 'Extra inputs are not permitted', input: 2 },
        ],
      },
    })
  })
})

describe('every TypeBox keyword gets a pydantic type and message', () => {
  const cases: [string, any, unknown, Record<string, unknown>][] = [
    [
      'minProperties',
      t.Record(t.String(), t.Integer(), { minProperties: 1 }),
      {},
      {
        type: 'too_short',
        msg: 'Dictionary should have at least 1 item after validation, not 0',
        ctx: { field_type: 'Dictionary', min_length: 1, actual_length: 0 },
      },
    ],
    [
      'maxProperties',
      t.Record(t.String(), t.Integer(), { maxProperties: 1 }),
      { a: 1, b: 2 },
      {
        type: 'too_long',
        msg: 'Dictionary should have at most 1 item after validation, not 2',
        ctx: { field_type: 'Dictionary', max_length: 1, actual_length: 2 },
      },
    ],
    [
      'uniqueItems',
      t.Array(t.Integer(), { uniqueItems: true }),
      [1, 1],
      {
        type: 'value_error',
        msg: 'Value error, List should have unique items',
        ctx: { error: 'List should have unique items' },
      },
    ],
    [
      'contains',
      t.Array(t.Integer(), { contains: t.Literal(3) }),
      [1],
      {
        type: 'value_error',
        msg: 'Value error, List should contain at least 1 matching item',
        ctx: { error: 'List should contain at least 1 matching item' },
      },
    ],
    [
      'const',
      t.Literal('a'),
      'b',
      { type: 'literal_error', msg: "Input should be 'a'", ctx: { expected: "'a'" } },
    ],
    [
      'refine',
      t.Refine(
        t.Integer(),
        (n) => n % 2 === 0,
        () => 'must be even',
      ),
      3,
      { type: 'value_error', msg: 'Value error, must be even', ctx: { error: 'must be even' } },
    ],
  ]
  for (const [keyword, schema, input, expected] of cases) {
    it(keyword, async () => {
      const app = quiet()
      app.post('/v', { body: t.Object({ v: schema }) }, ({ body }) => body)
      expect(await post(app, '/v', { v: input })).toEqual({
        status: 422,
        body: { detail: [{ loc: ['body', 'v'], input, ...expected }] },
      })
    })
  }

  it('a tuple with too many items is too_long at the tuple', async () => {
    const app = quiet()
    app.post('/v', { body: t.Object({ v: t.Tuple([t.Integer(), t.String()]) }) }, ({ body }) => body)
    expect(await post(app, '/v', { v: [1, 'a', 3] })).toEqual({
      status: 422,
      body: {
        detail: [
          {
            type: 'too_long',
            loc: ['body', 'v'],
            msg: 'Tuple should have at most 2 items after validation, not 3',
            input: [1, 'a', 3],
            ctx: { field_type: 'Tuple', max_length: 2, actual_length: 3 },
          },
        ],
      },
    })
  })

  it('dependentRequired reports the absent property as missing', async () => {
    const app = quiet()
    const Card = t.Object(
      { number: t.Optional(t.String()), cvc: t.Optional(t.String()) },
      { dependentRequired: { number: ['cvc'] } },
    )
    app.post('/v', { body: Card }, ({ body }) => body)
    expect(await post(app, '/v', { number: '4242' })).toEqual({
      status: 422,
      body: {
        detail: [{ type: 'missing', loc: ['body', 'cvc'], msg: 'Field required', input: { number: '4242' } }],
      },
    })
  })
})

describe('t.Ref to a named schema', () => {
  const Item = t.Object({ name: t.String(), price: t.Number() }, { $id: 'Item' })

  function shop(options: ConstructorParameters<typeof App>[0] = {}) {
    const app = new App({ logger: false, ...options })
    app.post('/items', { body: t.Ref('Item'), response: t.Ref('Item'), status: 201 }, ({ body }) => body)
    app.get('/items/first', { response: t.Ref('Item') }, () => ({ name: 'Hammer', price: 3, secret: 'x' }))
    return app
  }

  it('validates a body and serializes a response, with the schema declared by another route', async () => {
    const app = shop()
    app.get('/catalog', { response: t.Array(Item) }, () => [])
    const client = new TestClient(app)
    const created = await client.post('/items', { json: { name: 'Hammer', price: 3 } })
    expect([created.status, created.json()]).toEqual([201, { name: 'Hammer', price: 3 }])
    const first = await client.get('/items/first')
    expect([first.status, first.json()]).toEqual([200, { name: 'Hammer', price: 3 }])
    const bad = await client.post('/items', { json: { name: 'Hammer', price: 'cheap' } })
    expect([bad.status, bad.json()]).toEqual([
      422,
      {
        detail: [
          {
            type: 'float_parsing',
            loc: ['body', 'price'],
            msg: 'Input should be a valid number, unable to parse string as a number',
            input: 'cheap',
          },
        ],
      },
    ])
  })

  it('finds a schema only referenced, when listed in the App schemas option', async () => {
    const client = new TestClient(shop({ schemas: [Item] }))
    const created = await client.post('/items', { json: { name: 'Saw', price: 9 } })
    expect([created.status, created.json()]).toEqual([201, { name: 'Saw', price: 9 }])
  })
})

describe('defaults are optional in what clients send', () => {
  it('publishes Item-Input without the defaulted property in required, Item-Output with it', () => {
    const app = quiet()
    const Item = t.Object({ name: t.String(), tags: t.Array(t.String(), { default: [] }) }, { $id: 'Item' })
    app.post('/items', { body: Item, response: Item }, ({ body }) => body)
    const schemas = app.openapi().components?.schemas ?? {}
    expect(schemas['Item-Input']?.required).toEqual(['name'])
    expect(schemas['Item-Output']?.required).toEqual(['name', 'tags'])
    const operation = app.openapi().paths['/items']?.post
    expect(operation?.requestBody?.content['application/json']?.schema).toEqual({
      $ref: '#/components/schemas/Item-Input',
    })
  })
})

describe('a header declared as a list', () => {
  it('gets each value of a repeated header over a real socket, not the joined text', async () => {
    const app = quiet()
    app.get('/items', { headers: { xToken: t.Array(t.String()) } }, ({ headers }) => ({
      tokens: headers.xToken,
    }))
    const server = await app.listen({ port: 0, host: '127.0.0.1' })
    try {
      const { port } = new URL(server.url)
      const raw = await new Promise<string>((resolve, reject) => {
        const socket = connect(Number(port), '127.0.0.1')
        let text = ''
        socket.on('data', (chunk) => (text += chunk))
        socket.on('end', () => resolve(text))
        socket.on('error', reject)
        socket.write(
          'GET /items HTTP/1.1\r\nHost: x\r\nX-Token: foo\r\nX-Token: bar\r\nConnection: close\r\n\r\n',
        )
      })
      expect(raw.startsWith('HTTP/1.1 200')).toBe(true)
      expect(raw.slice(raw.indexOf('\r\n\r\n') + 4)).toBe('{"tokens":["foo","bar"]}')
    } finally {
      await server.close()
    }
  })
})
