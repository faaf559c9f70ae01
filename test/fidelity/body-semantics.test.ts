import { describe, expect, it } from 'vitest'
import { App, Nullable, t } from 'wharfjs'
import { TestClient } from 'wharfjs/testing'

const Item = t.Object({
  name: t.String(),
  price: t.Number(),
  quantity: t.Integer(),
  available: t.Boolean(),
  dims: t.Optional(t.Object({ width: t.Number() })),
})
const item = { name: 'Hammer', price: 12.5, quantity: 42, available: true }

async function post(app: App, path: string, json: unknown) {
  const res = await new TestClient(app).post(path, { json })
  return [res.status, res.json()]
}

describe('undeclared body keys are dropped (pydantic extra="ignore")', () => {
  it('at every depth, while declared ones stay', async () => {
    const app = new App({ logger: false })
    app.post('/items', { body: Item }, ({ body }) => body)
    expect(await post(app, '/items', { ...item, owner: 'x', dims: { width: 2, depth: 3 } })).toEqual([
      200,
      { ...item, dims: { width: 2 } },
    ])
  })

  it('additionalProperties: false still forbids them', async () => {
    const app = new App({ logger: false })
    app.post(
      '/strict',
      { body: t.Object({ a: t.String() }, { additionalProperties: false }) },
      ({ body }) => body,
    )
    expect(await post(app, '/strict', { a: 'x', b: 1 })).toEqual([
      422,
      {
        detail: [
          { type: 'extra_forbidden', loc: ['body', 'b'], msg: 'Extra inputs are not permitted', input: 1 },
        ],
      },
    ])
  })

  it('records keep their keys', async () => {
    const app = new App({ logger: false })
    app.post('/scores', { body: t.Object({ scores: t.Record(t.String(), t.Integer()) }) }, ({ body }) => body)
    expect(await post(app, '/scores', { scores: { ann: 1, bob: 2 } })).toEqual([
      200,
      { scores: { ann: 1, bob: 2 } },
    ])
  })
})

describe('lax coercion of JSON bodies (pydantic v2 lax mode)', () => {
  it('"12.5" → number, "42" → integer, "true"/"off" → boolean, nested too', async () => {
    const app = new App({ logger: false })
    app.post('/items', { body: Item }, ({ body }) => body)
    expect(
      await post(app, '/items', {
        name: 'Hammer',
        price: '12.5',
        quantity: '42',
        available: 'true',
        dims: { width: '2' },
      }),
    ).toEqual([200, { ...item, dims: { width: 2 } }])
    expect(await post(app, '/items', { ...item, available: 'off' })).toEqual([
      200,
      { ...item, available: false },
    ])
  })

  it('strings stay strings: 12 for a string is still a 422', async () => {
    const app = new App({ logger: false })
    app.post('/items', { body: Item }, ({ body }) => body)
    expect(await post(app, '/items', { ...item, name: 12 })).toEqual([
      422,
      {
        detail: [
          { type: 'string_type', loc: ['body', 'name'], msg: 'Input should be a valid string', input: 12 },
        ],
      },
    ])
  })

  it('text that is no number is a parsing error, as pydantic reports it', async () => {
    const app = new App({ logger: false })
    app.post('/items', { body: Item }, ({ body }) => body)
    expect(
      await post(app, '/items', { ...item, price: 'cheap', quantity: '4.5', available: 'maybe' }),
    ).toEqual([
      422,
      {
        detail: [
          {
            type: 'float_parsing',
            loc: ['body', 'price'],
            msg: 'Input should be a valid number, unable to parse string as a number',
            input: 'cheap',
          },
          {
            type: 'int_parsing',
            loc: ['body', 'quantity'],
            msg: 'Input should be a valid integer, unable to parse string as an integer',
            input: '4.5',
          },
          {
            type: 'bool_parsing',
            loc: ['body', 'available'],
            msg: 'Input should be a valid boolean, unable to interpret input',
            input: 'maybe',
          },
        ],
      },
    ])
  })

  it('strictJson on the app, or on a route, refuses strings for numbers', async () => {
    const strictApp = new App({ logger: false, strictJson: true })
    strictApp.post('/items', { body: Item }, ({ body }) => body)
    const mixed = new App({ logger: false })
    mixed.post('/items', { body: Item, strictJson: true }, ({ body }) => body)
    mixed.post('/lax', { body: Item }, ({ body }) => body)
    const expected = [
      422,
      {
        detail: [
          {
            type: 'float_type',
            loc: ['body', 'price'],
            msg: 'Input should be a valid number',
            input: '12.5',
          },
        ],
      },
    ]
    expect(await post(strictApp, '/items', { ...item, price: '12.5' })).toEqual(expected)
    expect(await post(mixed, '/items', { ...item, price: '12.5' })).toEqual(expected)
    expect(await post(mixed, '/lax', { ...item, price: '12.5' })).toEqual([200, item])
  })
})

describe('Nullable(X): Optional[X] = None', () => {
  it('absent → null, null → null, a value → the value; OpenAPI shows it optional with default null', async () => {
    const app = new App({ logger: false })
    const Note = t.Object({ title: t.String(), body: Nullable(t.String()) })
    app.post('/notes', { body: Note, query: { tag: Nullable(t.String()) } }, ({ body, query }) => ({
      ...body,
      tag: query.tag,
    }))
    const client = new TestClient(app)
    const absent = await client.post('/notes', { json: { title: 'a' } })
    expect([absent.status, absent.json()]).toEqual([200, { title: 'a', body: null, tag: null }])
    const given = await client.post('/notes', { json: { title: 'a', body: 'text' }, query: { tag: 'x' } })
    expect([given.status, given.json()]).toEqual([200, { title: 'a', body: 'text', tag: 'x' }])
    const operation = app.openapi().paths['/notes']?.post
    expect(operation?.parameters).toEqual([
      {
        name: 'tag',
        in: 'query',
        required: false,
        schema: { anyOf: [{ type: 'string' }, { type: 'null' }], default: null },
      },
    ])
    expect(operation?.requestBody?.content['application/json']?.schema).toEqual({
      type: 'object',
      required: ['title'],
      properties: {
        title: { type: 'string' },
        body: { anyOf: [{ type: 'string' }, { type: 'null' }], default: null },
      },
    })
  })
})
