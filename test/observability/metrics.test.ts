import { once } from 'node:events'
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { App, t } from 'wharfjs'
import { HttpClient } from 'wharfjs/http'
import { enableMetrics } from 'wharfjs/observability'
import { TestClient } from 'wharfjs/testing'
import { promtoolCheck } from './promtool.ts'

/** TestClient, like a socket, reports a response over (and onResponse hooks run) a turn after the client has it. */
const responsesOver = () => new Promise((resolve) => setImmediate(() => setImmediate(resolve)))

/** The value of one sample line (`name{labels} value`), or undefined when absent. */
function sample(exposition: string, series: string): number | undefined {
  const line = exposition.split('\n').find((each) => each.startsWith(`${series} `))
  return line === undefined ? undefined : Number(line.slice(series.length + 1))
}

function itemsApp() {
  const app = new App({ logger: false })
  const metrics = enableMetrics(app)
  app.get('/items/{id}', { path: { id: t.Integer() } }, ({ path }) => ({ id: path.id }))
  app.post('/items', { body: t.Object({ name: t.String() }), status: 201 }, ({ body }) => body)
  return { app, metrics }
}

describe('enableMetrics', () => {
  it('counts requests by method, route template and status; unmatched paths share one label', async () => {
    const { app } = itemsApp()
    const client = new TestClient(app)
    const answers = [await client.get('/items/1'), await client.get('/items/2'), await client.get('/items/x')]
    expect(answers.map((answer) => answer.status)).toEqual([200, 200, 422])
    expect((await client.get('/no/such/path')).status).toBe(404)
    expect((await client.post('/items', { json: { name: 'a' } })).status).toBe(201)
    await responsesOver()
    const response = await client.get('/metrics')
    expect(response.status).toBe(200)
    expect(response.headers['content-type']).toBe('text/plain; version=0.0.4; charset=utf-8')
    const text = response.text
    expect(sample(text, 'http_requests_total{method="GET",route="/items/{id}",status="200"}')).toBe(2)
    expect(sample(text, 'http_requests_total{method="GET",route="/items/{id}",status="422"}')).toBe(1)
    expect(sample(text, 'http_requests_total{method="GET",route="unmatched",status="404"}')).toBe(1)
    expect(sample(text, 'http_requests_total{method="POST",route="/items",status="201"}')).toBe(1)
    expect(
      sample(text, 'http_request_duration_seconds_count{method="GET",route="/items/{id}",status="200"}'),
    ).toBe(2)
    // Never the raw path: no series per id or per scanned URL.
    expect(text).not.toContain('/items/1')
    expect(text).not.toContain('/no/such/path')
    // The scrape itself is in flight while it is rendered.
    expect(sample(text, 'http_requests_in_flight')).toBe(1)
    expect(sample(text, 'http_request_size_bytes_sum{method="POST",route="/items"}')).toBe(12)
    const bytes = answers.reduce((sum, answer) => sum + Buffer.byteLength(answer.text), 0)
    expect(sample(text, 'http_response_size_bytes_sum{method="GET",route="/items/{id}"}')).toBe(bytes)
  })

  it('includes event-loop delay and utilization, GC and process metrics', async () => {
    const { app } = itemsApp()
    const text = (await new TestClient(app).get('/metrics')).text
    for (const name of [
      'nodejs_eventloop_lag_p50_seconds',
      'nodejs_eventloop_lag_p99_seconds',
      'nodejs_eventloop_lag_max_seconds',
      'nodejs_eventloop_utilization_ratio',
      'nodejs_gc_duration_seconds',
      'process_cpu_seconds_total',
      'process_resident_memory_bytes',
      'nodejs_heap_size_used_bytes',
    ]) {
      expect(text).toContain(`# TYPE ${name} `)
    }
  })

  it('leaves /metrics out of the OpenAPI document', async () => {
    const { app } = itemsApp()
    const document = (await new TestClient(app).get('/openapi.json')).json()
    expect(Object.keys(document.paths)).toEqual(['/items/{id}', '/items'])
  })

  it('serves an exposition that promtool check metrics accepts', async () => {
    const { app } = itemsApp()
    const client = new TestClient(app)
    await client.get('/items/1')
    await client.get('/nowhere')
    await responsesOver()
    const result = await promtoolCheck((await client.get('/metrics')).text)
    expect(result).toEqual({ code: 0, output: '' })
  })

  it('is enabled once per app, and serves at the path given', async () => {
    const app = new App({ logger: false })
    const metrics = enableMetrics(app, { path: '/internal/metrics', runtime: false })
    expect(enableMetrics(app)).toBe(metrics)
    const client = new TestClient(app)
    expect((await client.get('/metrics')).status).toBe(404)
    const text = (await client.get('/internal/metrics')).text
    expect(text).toContain('# TYPE http_requests_total counter')
    expect(text).not.toContain('process_cpu_seconds_total')
  })
})

describe('wharfjs/http calls', () => {
  const upstream = createServer((req, res) => {
    res.statusCode = req.url === '/missing' ? 404 : 200
    res.end('{}')
  })
  let origin: string
  beforeAll(async () => {
    upstream.listen(0, '127.0.0.1')
    await once(upstream, 'listening')
    origin = `127.0.0.1:${(upstream.address() as AddressInfo).port}`
  })
  afterAll(() => upstream.close())

  it('are counted and timed by method, upstream host and status', async () => {
    const app = new App({ logger: false })
    enableMetrics(app, { runtime: false })
    const http = new HttpClient({ baseUrl: `http://${origin}` })
    app.get('/proxy/{name}', async ({ path }) => ({ status: (await http.get(`/${path.name}`)).status }))
    const client = new TestClient(app)
    expect((await client.get('/proxy/data')).json()).toEqual({ status: 200 })
    expect((await client.get('/proxy/data')).json()).toEqual({ status: 200 })
    expect((await client.get('/proxy/missing')).json()).toEqual({ status: 404 })
    await http.close()
    await responsesOver()
    const text = (await client.get('/metrics')).text
    expect(sample(text, `http_client_requests_total{method="GET",host="${origin}",status="200"}`)).toBe(2)
    expect(sample(text, `http_client_requests_total{method="GET",host="${origin}",status="404"}`)).toBe(1)
    expect(sample(text, `http_client_request_duration_seconds_count{method="GET",host="${origin}"}`)).toBe(3)
  })

  it('that fail without a response count as status "error"', async () => {
    const app = new App({ logger: false })
    enableMetrics(app, { runtime: false })
    const http = new HttpClient({ timeout: 2_000 })
    // A port nothing listens on: connection refused.
    const closed = createServer()
    closed.listen(0, '127.0.0.1')
    await once(closed, 'listening')
    const port = (closed.address() as AddressInfo).port
    closed.close()
    app.get('/down', async () => {
      await http.get(`http://127.0.0.1:${port}/`)
    })
    const client = new TestClient(app)
    expect((await client.get('/down')).status).toBe(502)
    await http.close()
    const text = (await client.get('/metrics')).text
    expect(
      sample(text, `http_client_requests_total{method="GET",host="127.0.0.1:${port}",status="error"}`),
    ).toBe(1)
  })
})
