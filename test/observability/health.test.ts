import { afterEach, describe, expect, it, vi } from 'vitest'
import { App } from 'wharfjs'
import { enableHealth, enableMetrics, type LoadShedder, shedLoad } from 'wharfjs/observability'
import { TestClient } from 'wharfjs/testing'

describe('enableHealth', () => {
  it('liveness is 200; readiness is 503 while starting, 200 once started, 503 while draining', async () => {
    const app = new App({ logger: false })
    const health = enableHealth(app)
    app.get('/', () => ({ Hello: 'World' }))
    const client = new TestClient(app)
    expect(health.readiness).toBe('starting')
    const starting = await client.get('/readyz')
    expect([starting.status, starting.json()]).toEqual([503, { status: 'starting' }])
    const live = await client.get('/livez')
    expect([live.status, live.json()]).toEqual([200, { status: 'ok' }])
    await client.startup()
    const ready = await client.get('/readyz')
    expect([ready.status, ready.json()]).toEqual([200, { status: 'ready' }])
    await health.drain(0)
    const draining = await client.get('/readyz')
    expect([draining.status, draining.json()]).toEqual([503, { status: 'draining' }])
    // Draining is for the load balancer: requests that still come are served.
    expect((await client.get('/')).json()).toEqual({ Hello: 'World' })
    expect((await client.get('/livez')).status).toBe(200)
    await client.shutdown()
  })

  it('serves at the paths given, outside the OpenAPI document', async () => {
    const app = new App({ logger: false })
    enableHealth(app, { livenessPath: '/health/live', readinessPath: '/health/ready' })
    const client = await new TestClient(app).startup()
    expect((await client.get('/health/live')).status).toBe(200)
    expect((await client.get('/health/ready')).status).toBe(200)
    expect((await client.get('/readyz')).status).toBe(404)
    expect((await client.get('/openapi.json')).json().paths).toEqual({})
    await client.shutdown()
  })
})

describe('shedLoad', () => {
  let shedder: LoadShedder | undefined
  afterEach(() => shedder?.stop())

  it('past a limit, answers 503 with Retry-After, says overloaded, counts; health is never shed', async () => {
    const app = new App({ logger: false })
    enableMetrics(app, { runtime: false })
    enableHealth(app)
    // Any heap is over one byte: shedding starts at the first sample.
    shedder = shedLoad(app, { maxHeapUsedBytes: 1, sampleInterval: 20, retryAfter: 3 })
    app.get('/', () => ({ Hello: 'World' }))
    const client = await new TestClient(app).startup()
    expect((await client.get('/')).status).toBe(200)
    await vi.waitFor(() => expect(shedder!.shedding).toBe(true), { timeout: 5_000, interval: 20 })
    expect(shedder.pressure.heapUsed).toBeGreaterThan(1)
    const shed = await client.get('/')
    expect([shed.status, shed.headers['retry-after'], shed.json()]).toEqual([
      503,
      '3',
      { detail: 'Service Unavailable' },
    ])
    expect((await client.get('/livez')).status).toBe(200)
    const ready = await client.get('/readyz')
    expect([ready.status, ready.json()]).toEqual([503, { status: 'overloaded' }])
    shedder.stop()
    expect((await client.get('/')).status).toBe(200)
    expect((await client.get('/readyz')).status).toBe(200)
    await new Promise((resolve) => setImmediate(resolve))
    expect((await client.get('/metrics')).text).toContain('wharf_requests_shed_total 1\n')
    await client.shutdown()
  })

  it('sheds while the event loop is delayed past the limit, and recovers', async () => {
    const app = new App({ logger: false })
    shedder = shedLoad(app, { maxEventLoopDelay: 30, sampleInterval: 100 })
    app.get('/', () => ({ Hello: 'World' }))
    const client = new TestClient(app)
    // Keep the loop busy in 80 ms slices until a sample sees the delay (bounded: 5 s).
    const giveUp = performance.now() + 5_000
    while (!shedder.shedding && performance.now() < giveUp) {
      const slice = performance.now() + 80
      while (performance.now() < slice);
      await new Promise((resolve) => setImmediate(resolve))
    }
    expect(shedder.shedding).toBe(true)
    expect(shedder.pressure.eventLoopDelay).toBeGreaterThan(30)
    const shed = await client.get('/')
    expect([shed.status, shed.headers['retry-after'], shed.json()]).toEqual([
      503,
      '10',
      { detail: 'Service Unavailable' },
    ])
    // Quiet again: a later sample clears it (bounded: 5 s).
    await vi.waitFor(() => expect(shedder!.shedding).toBe(false), { timeout: 5_000, interval: 50 })
    expect((await client.get('/')).status).toBe(200)
  })
})
