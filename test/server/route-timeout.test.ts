import { describe, expect, it } from 'vitest'
import { App, Depends } from 'wharfjs'
import { TestClient } from 'wharfjs/testing'

const sleep = (ms: number, signal?: AbortSignal) =>
  new Promise<void>((resolve) => {
    const timer = setTimeout(resolve, ms)
    signal?.addEventListener('abort', () => {
      clearTimeout(timer)
      resolve()
    })
  })

describe('the route `timeout` option', () => {
  const events: string[] = []
  const resource = Depends(async function* resource() {
    events.push('opened')
    yield 'resource'
    events.push('closed')
  })
  const app = new App({ logger: false })
  app.use(async (_ctx, next) => {
    const response = await next()
    response.headers['x-seen-by-middleware'] = String(response.status)
    return response
  })
  app.get('/fast', { timeout: 1_000 }, async () => ({ fast: true }))
  app.get('/slow', { timeout: 50, deps: { resource } }, async ({ signal }) => {
    await sleep(2_000, signal)
    events.push(`handler ended, signal ${signal.aborted ? signal.reason.name : 'live'}`)
    return { late: true }
  })
  app.get('/stubborn', { timeout: 50 }, async () => {
    await sleep(1_000) // ignores the signal
    return { late: true }
  })
  const client = new TestClient(app)

  it('does not change a route that answers in time', async () => {
    const res = await client.get('/fast')
    expect(res.status).toBe(200)
    expect(res.json()).toEqual({ fast: true })
  })

  it('answers 504 through the exception handlers and middleware, and aborts ctx.signal', async () => {
    const res = await client.get('/slow')
    expect(res.status).toBe(504)
    expect(res.json()).toEqual({ detail: 'Gateway Timeout' })
    expect(res.headers['x-seen-by-middleware']).toBe('504')
    await sleep(20)
    expect(events).toEqual(['opened', 'handler ended, signal TimeoutError', 'closed'])
  })

  it('answers 504 on time even when the handler ignores the signal; shutdown waits for the handler', async () => {
    const started = Date.now()
    const res = await client.get('/stubborn')
    expect(res.status).toBe(504)
    expect(Date.now() - started).toBeLessThan(900)
    await sleep(10) // the client has the response: work after it (here, waiting for the handler) starts
    await client.shutdown()
    expect(Date.now() - started).toBeGreaterThanOrEqual(995)
  })
})
