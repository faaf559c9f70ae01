import { describe, expect, it } from 'vitest'
import { App, jsonableEncoder, t } from 'wharfjs'
import { TestClient } from 'wharfjs/testing'
import { memoryLogger } from '../helpers.ts'

const Item = t.Object({
  name: t.String(),
  description: t.Union([t.String(), t.Null()], { default: null }),
  price: t.Number(),
  tax: t.Number({ default: 10.5 }),
  tags: t.Array(t.String(), { default: [] }),
  owner: t.Optional(t.Object({ name: t.String(), email: t.Union([t.String(), t.Null()]) })),
})
const stored = { name: 'Foo', price: 50.2 }
const full = {
  name: 'Bar',
  description: null,
  price: 62,
  tax: 10.5,
  tags: [],
  owner: { name: 'ann', email: null },
}

async function get(options: Record<string, boolean>, value: unknown) {
  const app = new App({ logger: false })
  app.get('/items', { response: Item, ...options }, () => value as any)
  const res = await new TestClient(app).get('/items')
  return [res.status, res.json()]
}

describe('response_model_exclude_* (per route)', () => {
  it('without options: defaults filled in', async () => {
    expect(await get({}, stored)).toEqual([
      200,
      { name: 'Foo', description: null, price: 50.2, tax: 10.5, tags: [] },
    ])
  })

  it('excludeUnset: only what the handler set (FastAPI {"name":"Foo","price":50.2})', async () => {
    expect(await get({ excludeUnset: true }, stored)).toEqual([200, { name: 'Foo', price: 50.2 }])
    expect(await get({ excludeUnset: true }, { ...stored, tax: 10.5 })).toEqual([
      200,
      { name: 'Foo', price: 50.2, tax: 10.5 },
    ])
  })

  it('excludeDefaults: values equal to their default left out', async () => {
    expect(await get({ excludeDefaults: true }, full)).toEqual([
      200,
      { name: 'Bar', price: 62, owner: { name: 'ann', email: null } },
    ])
  })

  it('excludeNone: null properties left out, at every depth', async () => {
    expect(await get({ excludeNone: true }, full)).toEqual([
      200,
      { name: 'Bar', price: 62, tax: 10.5, tags: [], owner: { name: 'ann' } },
    ])
  })

  it('a trimmed response is still validated', async () => {
    const { logger } = memoryLogger()
    const app = new App({ logger })
    app.get('/items', { response: Item, excludeUnset: true }, () => ({ name: 'Foo' }) as any)
    expect((await new TestClient(app).get('/items')).status).toBe(500)
  })
})

describe('jsonableEncoder', () => {
  it('makes JSON values: dates per format, Maps, Sets, bigints, toJSON; drops undefined', () => {
    const schema = t.Object({ day: t.String({ format: 'date' }) })
    const when = new Date('2021-12-31T10:20:30Z')
    expect(
      jsonableEncoder(
        {
          day: when,
          at: when,
          ids: new Set([1, 2]),
          counts: new Map([['a', 1]]),
          big: 10n,
          gone: undefined,
          url: new URL('http://x/'),
        },
        schema,
      ),
    ).toEqual({
      day: '2021-12-31',
      at: '2021-12-31T10:20:30.000Z',
      ids: [1, 2],
      counts: { a: 1 },
      big: 10,
      url: 'http://x/',
    })
  })
})
