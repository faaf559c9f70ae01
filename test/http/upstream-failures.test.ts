import { createServer } from 'node:net'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { App, HTTPException, json, t } from 'wharfjs'
import {
  ConnectError,
  ConnectionClosedError,
  HttpClient,
  InvalidResponseError,
  ResponseTooLargeError,
  TimeoutError,
} from 'wharfjs/http'
import { TestClient } from 'wharfjs/testing'
import { sendJson, startUpstream, type Upstream } from './upstream.ts'

const LIMIT = 1024

let upstream: Upstream
let http: HttpClient
let refusedUrl: string

/** A loopback port nothing listens on: bound, then released. */
async function closedPort(): Promise<number> {
  const server = createServer()
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as { port: number }
  await new Promise<void>((resolve) => server.close(() => resolve()))
  return port
}

beforeAll(async () => {
  upstream = await startUpstream({
    '/data': (_req, res) => sendJson(res, { data: [1, 2, 3] }),
    '/missing': (_req, res) => sendJson(res, { error: 'no such thing' }, 404),
    '/slow-headers': () => {},
    '/slow-body': (_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': '100' })
      res.write('{"data": ')
    },
    '/reset-mid-body': (req, res) => {
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': '100' })
      res.write('{"data": [1, 2, ', () => setTimeout(() => req.socket.destroy(), 20))
    },
    '/invalid-json': (_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' })
      res.end('{"data": [1, 2, oops]}')
    },
    '/not-http': (req) => {
      req.socket.end('HTTP/1.1 abc nonsense\r\n\r\n')
    },
    '/oversized-declared': (_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': String(LIMIT * 64) })
      res.end(`"${'x'.repeat(LIMIT * 64 - 2)}"`)
    },
    '/oversized-chunked': (_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' })
      const chunk = 'x'.repeat(256)
      res.write('"')
      for (let i = 0; i < 16; i++) res.write(chunk)
      res.end('"')
    },
  })
  refusedUrl = `http://127.0.0.1:${await closedPort()}`
  http = new HttpClient({
    baseUrl: upstream.url,
    timeout: { headers: 200, body: 200 },
    maxResponseSize: LIMIT,
  })
})

afterAll(async () => {
  await http.close()
  await upstream.close()
})

/** The design document's example, aimed at a path (or a whole URL) of the test upstream. */
function externalApiApp(client: HttpClient, options: ConstructorParameters<typeof App>[0] = {}) {
  const app = new App({ logger: false, ...options })
  app.get('/external-api', { query: { target: t.String() } }, async ({ query, signal }) => {
    const res = await client.get(query.target, { signal })
    if (res.status !== 200) throw new HTTPException(res.status, 'Failed to fetch data')
    return res.json()
  })
  return new TestClient(app)
}

describe('an upstream call inside a route', () => {
  it('returns the upstream JSON on 200', async () => {
    const res = await externalApiApp(http).get('/external-api', { query: { target: '/data' } })
    expect(res.status).toBe(200)
    expect(res.json()).toEqual({ data: [1, 2, 3] })
  })

  it("answers a non-200 through the handler's HTTPException", async () => {
    const res = await externalApiApp(http).get('/external-api', { query: { target: '/missing' } })
    expect(res.status).toBe(404)
    expect(res.json()).toEqual({ detail: 'Failed to fetch data' })
  })

  it('answers 504 when the headers are too slow', async () => {
    const res = await externalApiApp(http).get('/external-api', { query: { target: '/slow-headers' } })
    expect(res.status).toBe(504)
    expect(res.headers['content-type']).toBe('application/json')
    expect(res.json()).toEqual({ detail: 'Upstream request timed out' })
  })

  it('answers 504 when the body stalls', async () => {
    const res = await externalApiApp(http).get('/external-api', { query: { target: '/slow-body' } })
    expect(res.status).toBe(504)
    expect(res.json()).toEqual({ detail: 'Upstream request timed out' })
  })

  it('answers 502 when the connection is refused', async () => {
    const res = await externalApiApp(http).get('/external-api', { query: { target: `${refusedUrl}/data` } })
    expect(res.status).toBe(502)
    expect(res.json()).toEqual({ detail: 'Could not connect to the upstream server' })
  })

  it('answers 502 when the connection is reset mid-body', async () => {
    const res = await externalApiApp(http).get('/external-api', { query: { target: '/reset-mid-body' } })
    expect(res.status).toBe(502)
    expect(res.json()).toEqual({ detail: 'The upstream server closed the connection' })
  })

  it('answers 502 when the upstream sends invalid JSON', async () => {
    const res = await externalApiApp(http).get('/external-api', { query: { target: '/invalid-json' } })
    expect(res.status).toBe(502)
    expect(res.json()).toEqual({ detail: 'Invalid response from the upstream server' })
  })

  it('answers 502 when the upstream does not speak HTTP', async () => {
    const res = await externalApiApp(http).get('/external-api', { query: { target: '/not-http' } })
    expect(res.status).toBe(502)
    expect(res.json()).toEqual({ detail: 'Invalid response from the upstream server' })
  })

  it('answers 502 when the body is over the size limit, declared or not', async () => {
    for (const target of ['/oversized-declared', '/oversized-chunked']) {
      const res = await externalApiApp(http).get('/external-api', { query: { target } })
      expect(res.status).toBe(502)
      expect(res.json()).toEqual({ detail: 'The upstream response is too large' })
    }
  })

  it('uses problem+json when the app does', async () => {
    const client = externalApiApp(http, { errorFormat: 'problem' })
    const res = await client.get('/external-api', { query: { target: '/slow-headers' } })
    expect(res.status).toBe(504)
    expect(res.headers['content-type']).toBe('application/problem+json')
    expect(res.json()).toEqual({
      type: 'about:blank',
      title: 'Gateway Timeout',
      status: 504,
      detail: 'Upstream request timed out',
    })
  })

  it('lets an exception handler registered for an error class answer instead', async () => {
    const app = new App({ logger: false })
    app.exceptionHandler(ConnectError, () =>
      json({ detail: 'Service unavailable, try later' }, { status: 503 }),
    )
    app.get('/down', async () => (await http.get(`${refusedUrl}/data`)).json())
    const res = await new TestClient(app).get('/down')
    expect(res.status).toBe(503)
    expect(res.json()).toEqual({ detail: 'Service unavailable, try later' })
  })
})

describe('typed errors', () => {
  it('names the phase that timed out', async () => {
    await expect(http.get('/slow-headers')).rejects.toMatchObject({ name: 'TimeoutError', phase: 'headers' })
    await expect(http.get('/slow-body')).rejects.toMatchObject({ name: 'TimeoutError', phase: 'body' })
    const error = await http.get('/slow-body', { timeout: { body: 5_000, total: 150 } }).catch((e) => e)
    expect(error).toBeInstanceOf(TimeoutError)
    expect(error).toMatchObject({ phase: 'total', timeout: 150, status: 504, method: 'GET' })
  })

  it('times out opening a connection as the connect phase', async () => {
    const stalled = new HttpClient({
      timeout: { connect: 100 },
      connect: { lookup: () => {} }, // a DNS lookup that never answers
    })
    const error = await stalled.get('http://upstream.test/data').catch((e) => e)
    expect(error).toBeInstanceOf(TimeoutError)
    expect(error.phase).toBe('connect')
    await stalled.close()
  })

  it('keeps the failure class and the cause', async () => {
    const refused = await http.get(`${refusedUrl}/x`).catch((e) => e)
    expect(refused).toBeInstanceOf(ConnectError)
    expect(refused.cause.code).toBe('ECONNREFUSED')
    await expect(http.get('/reset-mid-body')).rejects.toBeInstanceOf(ConnectionClosedError)
    await expect(http.get('/not-http')).rejects.toBeInstanceOf(InvalidResponseError)
    const tooLarge = await http.get('/oversized-chunked').catch((e) => e)
    expect(tooLarge).toBeInstanceOf(ResponseTooLargeError)
    expect(tooLarge.limit).toBe(LIMIT)
  })

  it('leaves the query string out of the message', async () => {
    const error = await http.get(`${refusedUrl}/x`, { query: { api_key: 'secret' } }).catch((e) => e)
    expect(error.url).toBe(`${refusedUrl}/x?api_key=secret`)
    expect(error.message).toBe(`GET ${refusedUrl}/x?…: could not connect (ECONNREFUSED)`)
  })

  it('raises the size limit per call', async () => {
    const res = await http.get('/oversized-chunked', { maxResponseSize: 64 * 1024 })
    expect(res.text()).toHaveLength(16 * 256 + 2)
  })
})
