import { describe, expect, it } from 'vitest'
import { App, HTTPException, json, RequestValidationError, t } from 'wharfjs'
import { TestClient } from 'wharfjs/testing'
import { memoryLogger } from '../helpers.ts'

describe('HTTPException(status, detail, { headers })', () => {
  it('answers {"detail": detail} with the status and headers', async () => {
    const app = new App({ logger: false })
    app.get('/a', () => {
      throw new HTTPException(404, 'Item not found', { headers: { 'x-error': 'There goes my error' } })
    })
    app.get('/b', () => {
      throw new HTTPException(409, { code: 'conflict', ids: [1, 2] })
    })
    app.get('/c', () => {
      throw new HTTPException(304, undefined, { headers: { etag: '"v1"' } })
    })
    app.get('/d', () => {
      throw new HTTPException(503)
    })
    const client = new TestClient(app)
    const a = await client.get('/a')
    expect([a.status, a.json(), a.headers['x-error']]).toEqual([
      404,
      { detail: 'Item not found' },
      'There goes my error',
    ])
    expect((await client.get('/b')).json()).toEqual({ detail: { code: 'conflict', ids: [1, 2] } })
    const c = await client.get('/c')
    expect([c.status, c.text, c.headers.etag]).toEqual([304, '', '"v1"'])
    expect((await client.get('/d')).json()).toEqual({ detail: 'Service Unavailable' })
  })
})

describe('unhandled errors', () => {
  it('answers 500 {"detail":"Internal Server Error"}, logs the stack, leaks nothing', async () => {
    const { logger, lines } = memoryLogger()
    const app = new App({ logger })
    app.get('/boom', () => {
      throw new Error('database password is hunter2')
    })
    const res = await new TestClient(app).get('/boom')
    expect(res.status).toBe(500)
    expect(res.text).toBe('{"detail":"Internal Server Error"}')
    const logged = lines.find((line) => line.msg === 'Unhandled error while handling a request')
    expect(logged?.err.message).toBe('database password is hunter2')
    expect(logged?.err.stack).toContain('errors.test.ts')
  })

  it('survives throwing non-Error values', async () => {
    const app = new App({ logger: false })
    app.get('/weird', () => {
      throw 'a string'
    })
    expect((await new TestClient(app).get('/weird')).status).toBe(500)
  })
})

describe('app.exceptionHandler(Class, handler)', () => {
  class DomainError extends Error {}
  class OutOfStock extends DomainError {}

  it('answers errors of the class and its subclasses, most specific first', async () => {
    const app = new App({ logger: false })
    app.exceptionHandler(DomainError, (error) => json({ message: error.message }, { status: 418 }))
    app.get('/domain', () => {
      throw new OutOfStock('no more unicorns')
    })
    const res = await new TestClient(app).get('/domain')
    expect([res.status, res.json()]).toEqual([418, { message: 'no more unicorns' }])
  })

  it('replaces the validation and HTTP defaults, the router 404 included', async () => {
    const app = new App({ logger: false })
    app.exceptionHandler(RequestValidationError, (error) =>
      json({ errors: error.issues.length }, { status: 400 }),
    )
    app.exceptionHandler(HTTPException, (error) => json({ error: error.detail }, { status: error.status }))
    app.get('/n', { query: { n: t.Integer() } }, ({ query }) => query)
    const client = new TestClient(app)
    expect((await client.get('/n?n=x')).json()).toEqual({ errors: 1 })
    expect((await client.get('/n?n=x')).status).toBe(400)
    expect((await client.get('/missing')).json()).toEqual({ error: 'Not Found' })
  })

  it('answers 500 when the handler itself fails', async () => {
    const app = new App({ logger: false })
    app.exceptionHandler(DomainError, () => {
      throw new Error('handler bug')
    })
    app.get('/x', () => {
      throw new DomainError('x')
    })
    expect((await new TestClient(app).get('/x')).status).toBe(500)
  })
})

describe("errorFormat: 'problem'", () => {
  it('answers RFC 9457 problem+json bodies', async () => {
    const app = new App({ logger: false, errorFormat: 'problem' })
    app.get('/n', { query: { n: t.Integer() } }, ({ query }) => query)
    const client = new TestClient(app)
    const missing = await client.get('/nope')
    expect(missing.headers['content-type']).toBe('application/problem+json')
    expect(missing.json()).toEqual({
      type: 'about:blank',
      title: 'Not Found',
      status: 404,
      detail: 'Not Found',
    })
    const invalid = await client.get('/n')
    expect(invalid.json()).toEqual({
      type: 'about:blank',
      title: 'Unprocessable Content',
      status: 422,
      detail: 'Request validation failed',
      errors: [{ type: 'missing', loc: ['query', 'n'], msg: 'Field required', input: null }],
    })
  })
})
