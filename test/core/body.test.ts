import { describe, expect, it } from 'vitest'
import { App, t } from 'wharfjs'
import { TestClient } from 'wharfjs/testing'

const Item = t.Object({
  name: t.String({ minLength: 1 }),
  price: t.Number({ exclusiveMinimum: 0 }),
  tags: t.Array(t.String(), { maxItems: 3, default: [] }),
})

function api() {
  const app = new App({ logger: false })
  app.post('/items', { body: Item, status: 201 }, ({ body }) => body)
  app.post('/small', { body: t.Object({ text: t.String() }), bodyLimit: 16 }, ({ body }) => body)
  app.post(
    '/login',
    { form: { username: t.String(), remember: t.Boolean({ default: false }) } },
    ({ body }) => body,
  )
  return new TestClient(app)
}

describe('JSON body', () => {
  it('validates, applies defaults and answers with the route status', async () => {
    const res = await api().post('/items', { json: { name: 'Hammer', price: 3 } })
    expect(res.status).toBe(201)
    expect(res.json()).toEqual({ name: 'Hammer', price: 3, tags: [] })
  })

  it('accepts application/*+json and a charset parameter', async () => {
    const client = api()
    const body = JSON.stringify({ name: 'a', price: 1 })
    for (const type of ['application/json; charset=utf-8', 'application/merge-patch+json']) {
      const res = await client.post('/items', { body, headers: { 'content-type': type } })
      expect(res.status).toBe(201)
    }
  })

  it('reports nested locations like ["body", "tags", 1]', async () => {
    const res = await api().post('/items', { json: { name: '', price: 0, tags: ['a', 2, 'c', 'd'] } })
    expect(res.status).toBe(422)
    expect(res.json()).toEqual({
      detail: [
        {
          type: 'string_too_short',
          loc: ['body', 'name'],
          msg: 'String should have at least 1 character',
          input: '',
          ctx: { min_length: 1 },
        },
        {
          type: 'greater_than',
          loc: ['body', 'price'],
          msg: 'Input should be greater than 0',
          input: 0,
          ctx: { gt: 0 },
        },
        { type: 'string_type', loc: ['body', 'tags', 1], msg: 'Input should be a valid string', input: 2 },
        {
          type: 'too_long',
          loc: ['body', 'tags'],
          msg: 'List should have at most 3 items after validation, not 4',
          input: ['a', 2, 'c', 'd'],
          ctx: { field_type: 'List', max_length: 3, actual_length: 4 },
        },
      ],
    })
  })

  it('answers malformed JSON with json_invalid at ["body", offset]', async () => {
    const res = await api().post('/items', {
      body: '{"name": x}',
      headers: { 'content-type': 'application/json' },
    })
    expect(res.status).toBe(422)
    expect(res.json()).toEqual({
      detail: [
        {
          type: 'json_invalid',
          loc: ['body', 9],
          msg: 'JSON decode error',
          input: {},
          ctx: { error: 'Expecting value' },
        },
      ],
    })
  })

  it('answers a body sent as text/plain with 422 at ["body"]', async () => {
    const res = await api().post('/items', {
      body: '{"name":"a","price":1}',
      headers: { 'content-type': 'text/plain' },
    })
    expect(res.status).toBe(422)
    expect(res.json()).toEqual({
      detail: [
        {
          type: 'model_attributes_type',
          loc: ['body'],
          msg: 'Input should be a valid dictionary or object to extract fields from',
          input: '{"name":"a","price":1}',
        },
      ],
    })
  })

  it('answers a missing body with missing at ["body"]', async () => {
    const res = await api().post('/items')
    expect(res.json()).toEqual({
      detail: [{ type: 'missing', loc: ['body'], msg: 'Field required', input: null }],
    })
  })

  it('answers a non-object body with model_attributes_type', async () => {
    const res = await api().post('/items', { json: [1, 2] })
    expect(res.json().detail[0]).toMatchObject({
      type: 'model_attributes_type',
      loc: ['body'],
      input: [1, 2],
    })
  })

  it('refuses prototype-poisoning payloads with 400 before the handler', async () => {
    const client = api()
    for (const body of [
      '{"name":"a","price":1,"__proto__":{"admin":true}}',
      '{"constructor":{"prototype":{"x":1}}}',
    ]) {
      const res = await client.post('/items', { body, headers: { 'content-type': 'application/json' } })
      expect(res.status).toBe(400)
      expect(res.json()).toEqual({ detail: 'Request body contains a forbidden prototype property' })
    }
  })

  it('answers a body over the route limit with 413', async () => {
    const res = await api().post('/small', { json: { text: 'x'.repeat(100) } })
    expect(res.status).toBe(413)
    expect(res.json()).toEqual({ detail: 'Request body is larger than the limit of 16 bytes' })
  })

  it('answers a body over the default 1 MiB limit with 413', async () => {
    const res = await api().post('/items', { json: { name: 'x'.repeat(1024 * 1024), price: 1 } })
    expect(res.status).toBe(413)
  })
})

describe('form body', () => {
  it('parses url-encoded fields and coerces them like query parameters', async () => {
    const res = await api().post('/login', { form: { username: 'ann', remember: 'on' } })
    expect(res.status).toBe(200)
    expect(res.json()).toEqual({ username: 'ann', remember: true })
  })

  it('reports every missing field at ["body", field] when JSON is sent instead', async () => {
    const res = await api().post('/login', { json: { username: 'ann' } })
    expect(res.status).toBe(422)
    expect(res.json()).toEqual({
      detail: [{ type: 'missing', loc: ['body', 'username'], msg: 'Field required', input: null }],
    })
  })
})
