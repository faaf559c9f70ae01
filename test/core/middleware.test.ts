import { describe, expect, it } from 'vitest'
import { App, HTTPException, text } from 'wharfjs'
import { TestClient } from 'wharfjs/testing'

describe('app.use(middleware)', () => {
  it('runs as an onion: first added is outermost', async () => {
    const order: string[] = []
    const app = new App({ logger: false })
    app.use(async (_ctx, next) => {
      order.push('outer in')
      const res = await next()
      order.push('outer out')
      return res
    })
    app.use(async (_ctx, next) => {
      order.push('inner in')
      await next()
      order.push('inner out')
    })
    app.get('/', () => {
      order.push('handler')
      return {}
    })
    await new TestClient(app).get('/')
    expect(order).toEqual(['outer in', 'inner in', 'handler', 'inner out', 'outer out'])
  })

  it('sees error responses too: 404, 422, HTTPException and 500 all get its headers', async () => {
    const app = new App({ logger: false })
    app.use(async (_ctx, next) => {
      const res = await next()
      res.headers['x-request-id'] = 'r-1'
      return res
    })
    app.get('/http', () => {
      throw new HTTPException(403, 'Forbidden')
    })
    app.get('/boom', () => {
      throw new Error('x')
    })
    const client = new TestClient(app)
    for (const [path, status] of [
      ['/missing', 404],
      ['/http', 403],
      ['/boom', 500],
    ] as const) {
      const res = await client.get(path)
      expect(res.status).toBe(status)
      expect(res.headers['x-request-id']).toBe('r-1')
    }
  })

  it('can answer without calling next', async () => {
    const app = new App({ logger: false })
    app.use((ctx) => (ctx.request.headers['x-block'] ? text('blocked', { status: 429 }) : undefined))
    app.use((_ctx, next) => next())
    app.get('/', () => ({ ok: true }))
    const client = new TestClient(app)
    expect((await client.get('/', { headers: { 'x-block': '1' } })).status).toBe(429)
  })

  it('turns an error thrown by middleware into a response', async () => {
    const app = new App({ logger: false })
    app.use(() => {
      throw new HTTPException(401, 'Not authenticated')
    })
    app.get('/', () => ({}))
    const res = await new TestClient(app).get('/')
    expect([res.status, res.json()]).toEqual([401, { detail: 'Not authenticated' }])
  })

  it('reports next() called twice as a 500', async () => {
    const app = new App({ logger: false })
    app.use(async (_ctx, next) => {
      await next()
      return next()
    })
    app.get('/', () => ({}))
    expect((await new TestClient(app).get('/')).status).toBe(500)
  })
})
