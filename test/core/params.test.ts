import { describe, expect, it } from 'vitest'
import { App, t } from 'wharfjs'
import { TestClient } from 'wharfjs/testing'
import { z } from 'zod'

function client(register: (app: App) => void) {
  const app = new App({ logger: false })
  register(app)
  return new TestClient(app)
}

describe('query parameters', () => {
  const api = client((app) =>
    app.get(
      '/search',
      {
        query: {
          q: t.Optional(t.String()),
          limit: t.Integer({ default: 10, maximum: 100 }),
          price: t.Optional(t.Number()),
          active: t.Optional(t.Boolean()),
          tag: t.Array(t.String(), { default: [] }),
          ids: t.Optional(t.Array(t.Integer())),
        },
      },
      ({ query }) => query,
    ),
  )

  it('applies defaults and leaves absent optionals out', async () => {
    const res = await api.get('/search')
    expect(res.status).toBe(200)
    expect(res.json()).toEqual({ limit: 10, tag: [] })
  })

  it('coerces integers, numbers, booleans and repeated keys into arrays', async () => {
    const res = await api.get('/search?q=shoe&limit=5&price=12.5&active=yes&tag=a&tag=b&ids=1&ids=2')
    expect(res.json()).toEqual({
      q: 'shoe',
      limit: 5,
      price: 12.5,
      active: true,
      tag: ['a', 'b'],
      ids: [1, 2],
    })
  })

  it.each([
    ['true', true],
    ['1', true],
    ['on', true],
    ['YES', true],
    ['false', false],
    ['0', false],
    ['off', false],
    ['no', false],
  ])('reads the boolean %s as %s', async (raw, expected) => {
    expect((await api.get(`/search?active=${raw}`)).json().active).toBe(expected)
  })

  it('reports unparsable values with pydantic types and messages', async () => {
    const res = await api.get('/search?limit=4.2&price=abc&active=maybe&ids=1&ids=x')
    expect(res.status).toBe(422)
    expect(res.json()).toEqual({
      detail: [
        {
          type: 'int_parsing',
          loc: ['query', 'limit'],
          msg: 'Input should be a valid integer, unable to parse string as an integer',
          input: '4.2',
        },
        {
          type: 'float_parsing',
          loc: ['query', 'price'],
          msg: 'Input should be a valid number, unable to parse string as a number',
          input: 'abc',
        },
        {
          type: 'bool_parsing',
          loc: ['query', 'active'],
          msg: 'Input should be a valid boolean, unable to interpret input',
          input: 'maybe',
        },
        {
          type: 'int_parsing',
          loc: ['query', 'ids', 1],
          msg: 'Input should be a valid integer, unable to parse string as an integer',
          input: 'x',
        },
      ],
    })
  })

  it('reports constraint violations with ctx', async () => {
    const res = await api.get('/search?limit=101')
    expect(res.json()).toEqual({
      detail: [
        {
          type: 'less_than_equal',
          loc: ['query', 'limit'],
          msg: 'Input should be less than or equal to 100',
          input: '101',
          ctx: { le: 100 },
        },
      ],
    })
  })

  it('rejects integers beyond 2^53 instead of rounding them (documented decision)', async () => {
    const res = await api.get('/search?limit=99999999999999999999')
    expect(res.status).toBe(422)
    expect(res.json().detail[0]).toMatchObject({
      type: 'int_unsafe',
      loc: ['query', 'limit'],
      input: '99999999999999999999',
    })
  })

  it('takes the last value when a scalar parameter is repeated', async () => {
    expect((await api.get('/search?q=a&q=b')).json().q).toBe('b')
  })

  it('reports a missing required parameter', async () => {
    const required = client((app) => app.get('/r', { query: { needle: t.String() } }, ({ query }) => query))
    expect((await required.get('/r')).json()).toEqual({
      detail: [{ type: 'missing', loc: ['query', 'needle'], msg: 'Field required', input: null }],
    })
  })
})

describe('path, header and cookie parameters', () => {
  const api = client((app) =>
    app.put(
      '/items/{id}',
      {
        path: { id: t.Integer({ minimum: 1 }) },
        query: { verbose: t.Boolean({ default: false }) },
        headers: { xToken: t.String({ minLength: 3 }), userAgent: t.Optional(t.String()) },
        cookies: { session: t.String() },
        body: t.Object({ name: t.String(), price: t.Number({ exclusiveMinimum: 0 }) }),
      },
      ({ path, query, headers, cookies, body }) => ({ path, query, headers, cookies, body }),
    ),
  )

  it('reads every part, converting header names (xToken → x-token)', async () => {
    const res = await api.put('/items/7', {
      headers: { 'x-token': 'secret', 'user-agent': 'tests' },
      cookies: { session: 'abc' },
      json: { name: 'Hammer', price: 9.5 },
    })
    expect(res.status).toBe(200)
    expect(res.json()).toEqual({
      path: { id: 7 },
      query: { verbose: false },
      headers: { xToken: 'secret', userAgent: 'tests' },
      cookies: { session: 'abc' },
      body: { name: 'Hammer', price: 9.5 },
    })
  })

  it('collects every error in one 422, ordered path → query → header → cookie → body', async () => {
    const res = await api.put('/items/abc?verbose=perhaps', {
      headers: { 'x-token': 'no' },
      json: { price: -1 },
    })
    expect(res.status).toBe(422)
    expect(res.json().detail.map((d: { loc: unknown[]; type: string }) => [d.type, ...d.loc])).toEqual([
      ['int_parsing', 'path', 'id'],
      ['bool_parsing', 'query', 'verbose'],
      ['string_too_short', 'header', 'x-token'],
      ['missing', 'cookie', 'session'],
      ['missing', 'body', 'name'],
      ['greater_than', 'body', 'price'],
    ])
  })
})

describe('Standard Schema fields (Zod 4)', () => {
  const api = client((app) =>
    app.get(
      '/z/{id}',
      {
        path: { id: z.coerce.number().int() },
        query: { q: z.string().min(2), page: z.number().int().default(1), flag: z.boolean().optional() },
      },
      ({ path, query }) => ({ id: path.id, q: query.q, page: query.page, flag: query.flag ?? null }),
    ),
  )

  it('coerces from the JSON Schema Zod publishes, and applies Zod defaults', async () => {
    const res = await api.get('/z/5?q=hi&flag=on')
    expect(res.status).toBe(200)
    expect(res.json()).toEqual({ id: 5, q: 'hi', page: 1, flag: true })
  })

  it("reports Zod's issues in FastAPI's shape, keeping Zod's message", async () => {
    const res = await api.get('/z/5?q=h&page=2')
    expect(res.status).toBe(422)
    expect(res.json().detail).toEqual([
      {
        type: 'string_too_short',
        loc: ['query', 'q'],
        msg: 'Too small: expected string to have >=2 characters',
        input: 'h',
      },
    ])
  })
})
