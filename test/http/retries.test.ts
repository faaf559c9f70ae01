import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ConnectionClosedError, HttpClient, parseRetryAfter, TimeoutError } from 'wharfjs/http'
import { sendJson, startUpstream, type Upstream } from './upstream.ts'

let upstream: Upstream
let http: HttpClient
/** When each request to /retry-after arrived (performance.now()). */
const arrivals: number[] = []
let flakyCalls = 0

beforeAll(async () => {
  upstream = await startUpstream({
    '/unavailable': (_req, res) => sendJson(res, { detail: 'down' }, 503),
    '/retry-after': (_req, res) => {
      arrivals.push(performance.now())
      if (arrivals.length === 1) sendJson(res, { detail: 'busy' }, 503, { 'retry-after': '1' })
      else sendJson(res, { ok: true })
    },
    '/retry-after-long': (_req, res) =>
      sendJson(res, { detail: 'come back tomorrow' }, 429, { 'retry-after': '86400' }),
    '/flaky': (req, res) => {
      flakyCalls++
      if (flakyCalls % 2 === 1) req.socket.destroy()
      else sendJson(res, { ok: true })
    },
    '/reset': (req) => req.socket.destroy(),
  })
  http = new HttpClient({ baseUrl: upstream.url, retries: { limit: 3, backoff: 10, maxBackoff: 40 } })
})

afterAll(async () => {
  await http.close()
  await upstream.close()
})

describe('retries', () => {
  it('retries an idempotent call on a retryable status, then returns the last response', async () => {
    const before = upstream.hits('/unavailable')
    const res = await http.get('/unavailable')
    expect(res.status).toBe(503)
    expect(res.json()).toEqual({ detail: 'down' })
    expect(upstream.hits('/unavailable') - before).toBe(4)
  })

  it('never retries POST or PATCH unless told to', async () => {
    const before = upstream.hits('/unavailable')
    expect((await http.post('/unavailable', { json: { n: 1 } })).status).toBe(503)
    expect((await http.patch('/unavailable', { json: { n: 1 } })).status).toBe(503)
    expect(upstream.hits('/unavailable') - before).toBe(2)
    await expect(http.post('/reset')).rejects.toBeInstanceOf(ConnectionClosedError)
    expect(upstream.hits('/reset')).toBe(1)
  })

  it('retries POST when its methods say so', async () => {
    const before = upstream.hits('/unavailable')
    const res = await http.post('/unavailable', { json: {}, retries: { methods: ['POST'], limit: 1 } })
    expect(res.status).toBe(503)
    expect(upstream.hits('/unavailable') - before).toBe(2)
  })

  it('retries a connection reset on GET and succeeds', async () => {
    const res = await http.get('/flaky')
    expect(res.json()).toEqual({ ok: true })
    expect(upstream.hits('/flaky')).toBe(2)
  })

  it('honours Retry-After before retrying', async () => {
    const res = await http.get('/retry-after')
    expect(res.status).toBe(200)
    expect(arrivals).toHaveLength(2)
    // Backoff alone would have waited at most 40 ms; the server asked for one second.
    expect(arrivals[1]! - arrivals[0]!).toBeGreaterThanOrEqual(950)
  })

  it('returns the response when Retry-After is longer than maxRetryAfter', async () => {
    const res = await http.get('/retry-after-long')
    expect(res.status).toBe(429)
    expect(res.headers['retry-after']).toBe('86400')
    expect(upstream.hits('/retry-after-long')).toBe(1)
  })

  it('stops retrying at the total deadline', async () => {
    const slow = new HttpClient({
      baseUrl: upstream.url,
      retries: { limit: 50, backoff: 100, maxBackoff: 100 },
    })
    const before = upstream.hits('/reset')
    const error = await slow.get('/reset', { timeout: 300 }).catch((e) => e)
    // Either the next wait would pass the deadline (the last failure is thrown as it is), or the
    // deadline fired during an attempt.
    if (error instanceof TimeoutError) expect(error.phase).toBe('total')
    else expect(error).toBeInstanceOf(ConnectionClosedError)
    const calls = upstream.hits('/reset') - before
    expect(calls).toBeGreaterThanOrEqual(2)
    expect(calls).toBeLessThanOrEqual(7)
    await slow.close()
  })

  it('turns retries off per call with retries: 0', async () => {
    const before = upstream.hits('/unavailable')
    await http.get('/unavailable', { retries: 0 })
    expect(upstream.hits('/unavailable') - before).toBe(1)
  })

  it('does not retry by default', async () => {
    const plain = new HttpClient({ baseUrl: upstream.url })
    const before = upstream.hits('/unavailable')
    expect((await plain.get('/unavailable')).status).toBe(503)
    expect(upstream.hits('/unavailable') - before).toBe(1)
    await plain.close()
  })

  it('returns the last response rather than wait past the total deadline', async () => {
    const before = upstream.hits('/unavailable')
    const res = await http.get('/unavailable', {
      timeout: 200,
      retries: { limit: 5, backoff: 1_000, maxBackoff: 1_000 },
    })
    expect(res.status).toBe(503)
    expect(upstream.hits('/unavailable') - before).toBe(1)
  })
})

describe('parseRetryAfter(value)', () => {
  it('reads delay-seconds and HTTP dates', () => {
    const now = Date.parse('Wed, 21 Oct 2026 07:28:00 GMT')
    expect(parseRetryAfter('2', now)).toBe(2000)
    expect(parseRetryAfter('Wed, 21 Oct 2026 07:28:05 GMT', now)).toBe(5000)
    expect(parseRetryAfter('Wed, 21 Oct 2026 07:00:00 GMT', now)).toBe(0)
    expect(parseRetryAfter('soon', now)).toBeUndefined()
    expect(parseRetryAfter(undefined, now)).toBeUndefined()
  })
})
