import { once } from 'node:events'
import { createServer, type IncomingHttpHeaders } from 'node:http'
import type { AddressInfo } from 'node:net'
import { context, propagation, SpanKind, SpanStatusCode, trace } from '@opentelemetry/api'
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks'
import { W3CTraceContextPropagator } from '@opentelemetry/core'
import { BasicTracerProvider, InMemorySpanExporter, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { App, HTTPException, t } from 'wharfjs'
import { HttpClient } from 'wharfjs/http'
import { enableTracing } from 'wharfjs/observability'
import { TestClient } from 'wharfjs/testing'
import { capturedLogger, loopTurns } from './log-capture.ts'

const exporter = new InMemorySpanExporter()
const upstreamHeaders: IncomingHttpHeaders[] = []
const upstream = createServer((req, res) => {
  upstreamHeaders.push(req.headers)
  res.end('{"ok":true}')
})
let upstreamUrl: string

function tracedApp(traced = true) {
  const { logger, records } = capturedLogger()
  const app = new App({ logger })
  expect(enableTracing(app)).toBe(traced)
  const http = new HttpClient({ baseUrl: upstreamUrl })
  app.get('/items/{id}', { path: { id: t.Integer() } }, async (ctx) => {
    ctx.log.info('reading the item')
    const res = await http.get('/data')
    return { id: ctx.path.id, upstream: res.json() }
  })
  app.get('/boom', () => {
    throw new Error('boom')
  })
  app.get('/missing', () => {
    throw new HTTPException(404, 'Item not found')
  })
  return { app, records, http }
}

describe('enableTracing, before any SDK is registered', () => {
  it('adds nothing, serves as usual and records nothing', async () => {
    const { app, records } = tracedApp(false)
    await upstreamReady
    const response = await new TestClient(app).get('/items/1')
    expect(response.status).toBe(200)
    expect(upstreamHeaders.at(-1)?.traceparent).toBeUndefined()
    expect(records.find((record) => record.msg === 'reading the item')).not.toHaveProperty('trace_id')
  })
})

const upstreamReady = (async () => {
  upstream.listen(0, '127.0.0.1')
  await once(upstream, 'listening')
  upstreamUrl = `http://127.0.0.1:${(upstream.address() as AddressInfo).port}`
})()

describe('enableTracing with an SDK', () => {
  beforeAll(async () => {
    await upstreamReady
    context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable())
    propagation.setGlobalPropagator(new W3CTraceContextPropagator())
    trace.setGlobalTracerProvider(
      new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] }),
    )
  })
  afterAll(() => {
    trace.disable()
    context.disable()
    propagation.disable()
    upstream.close()
  })
  beforeEach(() => exporter.reset())

  it('makes a server span named by method and route template, continuing the caller’s traceparent', async () => {
    const { app, records } = tracedApp()
    const client = new TestClient(app)
    const traceId = '4bf92f3577b34da6a3ce929d0e0e4736'
    const response = await client.get('/items/7?q=x', {
      headers: { traceparent: `00-${traceId}-00f067aa0ba902b7-01`, 'user-agent': 'tests' },
    })
    expect(response.status).toBe(200)
    await loopTurns()
    const spans = exporter.getFinishedSpans()
    const server = spans.find((span) => span.kind === SpanKind.SERVER)!
    expect(server.name).toBe('GET /items/{id}')
    expect(server.spanContext().traceId).toBe(traceId)
    expect(server.parentSpanContext?.spanId).toBe('00f067aa0ba902b7')
    expect(server.attributes).toMatchObject({
      'http.request.method': 'GET',
      'http.route': '/items/{id}',
      'url.path': '/items/7',
      'url.query': 'q=x',
      'url.scheme': 'http',
      'http.response.status_code': 200,
      'user_agent.original': 'tests',
    })
    // The upstream call: a client span, child of the server span, whose traceparent went out.
    const clientSpan = spans.find((span) => span.kind === SpanKind.CLIENT)!
    expect(clientSpan.name).toBe('GET')
    expect(clientSpan.parentSpanContext?.spanId).toBe(server.spanContext().spanId)
    expect(clientSpan.attributes).toMatchObject({
      'http.request.method': 'GET',
      'url.full': `${upstreamUrl}/data`,
      'server.address': '127.0.0.1',
      'http.response.status_code': 200,
    })
    expect(upstreamHeaders.at(-1)?.traceparent).toBe(`00-${traceId}-${clientSpan.spanContext().spanId}-01`)
    // Every log line written during the request carries the ids.
    expect(records.find((record) => record.msg === 'reading the item')).toMatchObject({
      trace_id: traceId,
      span_id: server.spanContext().spanId,
      trace_flags: '01',
    })
  })

  it('starts a new trace without a traceparent; 5xx spans are errors, 4xx are not', async () => {
    const { app } = tracedApp()
    const client = new TestClient(app)
    expect((await client.get('/boom')).status).toBe(500)
    expect((await client.get('/missing')).status).toBe(404)
    expect((await client.get('/nowhere')).status).toBe(404)
    await loopTurns()
    const byName = Object.fromEntries(exporter.getFinishedSpans().map((span) => [span.name, span]))
    expect(Object.keys(byName).sort()).toEqual(['GET', 'GET /boom', 'GET /missing'])
    expect(byName['GET /boom']!.status.code).toBe(SpanStatusCode.ERROR)
    expect(byName['GET /boom']!.events.map((event) => event.name)).toEqual(['exception'])
    expect(byName['GET /missing']!.status.code).toBe(SpanStatusCode.UNSET)
    expect(byName['GET /missing']!.attributes['http.response.status_code']).toBe(404)
    expect(byName.GET!.parentSpanContext).toBeUndefined()
  })

  it('puts the trace id in the access log', async () => {
    const { app, records } = tracedApp()
    const server = await app.listen({ port: 0, requestId: true, accessLog: true })
    try {
      await (await fetch(`${server.url}/items/1`, { headers: { 'x-request-id': 'r-9' } })).arrayBuffer()
      await loopTurns()
    } finally {
      await server.close()
    }
    const traceId = exporter
      .getFinishedSpans()
      .find((span) => span.kind === SpanKind.SERVER)!
      .spanContext().traceId
    expect(records.find((record) => record.path === '/items/1')).toMatchObject({ reqId: 'r-9', traceId })
  })
})
