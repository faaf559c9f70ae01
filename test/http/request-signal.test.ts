import { getEventListeners } from 'node:events'
import { request as sendRequest } from 'node:http'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { App, type RunningServer } from 'wharfjs'
import { HttpClient, RequestAbortedError } from 'wharfjs/http'
import { sendJson, startUpstream, type Upstream, within } from './upstream.ts'

// ctx.signal on node:http belongs to one request, and node:http tells the client when it aborts
// (http/call-abort.ts) instead of the client adding and removing a listener per call. Same cancellation.

let upstream: Upstream
let arrivals: (() => void)[] = []
let closes = 0

/** Resolves once the upstream has received `count` more calls to /hang. */
function arrivalsOf(count: number): Promise<void> {
  const all = Array.from({ length: count }, () => new Promise<void>((resolve) => arrivals.push(resolve)))
  return Promise.all(all).then(() => {})
}

async function until(condition: () => boolean, what: string): Promise<void> {
  await within(
    (async () => {
      while (!condition()) await new Promise((resolve) => setTimeout(resolve, 5))
    })(),
    2_000,
    what,
  )
}

beforeAll(async () => {
  upstream = await startUpstream({
    '/ok': (_req, res) => sendJson(res, { ok: true }),
    // Never answers: only a cancelled call ends it, by closing the connection.
    '/hang': (req) => {
      req.socket.once('close', () => closes++)
      arrivals.shift()?.()
    },
    '/busy': (_req, res) => sendJson(res, { detail: 'busy' }, 503),
    // Declares its length, sends part of the body, then holds until the connection closes.
    '/trickle': (req, res) => {
      req.socket.once('close', () => closes++)
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': '100' })
      res.write('{"data": [1, 2, ', () => arrivals.shift()?.())
    },
  })
})

afterAll(async () => {
  await upstream.close()
})

/** Opens a real request to `url`; `abort()` is the client going away. */
function openRequest(url: string): { abort: () => void; response: Promise<number | 'aborted'> } {
  const req = sendRequest(url)
  const response = new Promise<number | 'aborted'>((resolve) => {
    req.on('response', (res) => {
      res.resume()
      resolve(res.statusCode ?? 0)
    })
    req.on('error', () => resolve('aborted'))
  })
  req.end()
  return { abort: () => req.destroy(), response }
}

describe('ctx.signal shared by the calls of one request', () => {
  let server: RunningServer
  const http = new HttpClient()
  const patient = new HttpClient({ retries: { limit: 3, backoff: 20_000, maxBackoff: 20_000 } })
  let listenersAfterSequence: number | undefined
  let retryError: unknown
  let bodyError: unknown

  beforeAll(async () => {
    const app = new App({ logger: false })
    app.get('/fan', async ({ signal }) => {
      for (let i = 0; i < 3; i++) await http.get(`${upstream.url}/ok`, { signal })
      await http.get(`${upstream.url}/ok`, { signal, timeout: 5_000 })
      listenersAfterSequence = getEventListeners(signal, 'abort').length
      await Promise.all([
        http.get(`${upstream.url}/hang`, { signal }),
        http.get(`${upstream.url}/hang`, { signal }),
      ])
      return { unreachable: true }
    })
    app.get('/retrying', async ({ signal }) => {
      try {
        return (await patient.get(`${upstream.url}/busy`, { signal })).json()
      } catch (error) {
        retryError = error
        throw error
      }
    })
    app.get('/trickle', async ({ signal }) => {
      try {
        return (await http.get(`${upstream.url}/trickle`, { signal })).json()
      } catch (error) {
        bodyError = error
        throw error
      }
    })
    server = await app.listen({ port: 0 })
  })

  afterAll(async () => {
    await server.close()
    await Promise.all([http.close(), patient.close()])
  })

  it('adds no listener per call to the signal, and cancels every call in flight when the client leaves', async () => {
    arrivals = []
    const closedBefore = closes
    const both = arrivalsOf(2)
    const client = openRequest(`${server.url}/fan`)
    await within(both, 5_000, 'the upstream receiving both parallel calls')
    expect(listenersAfterSequence).toBeLessThanOrEqual(1)
    client.abort()
    expect(await client.response).toBe('aborted')
    await until(() => closes === closedBefore + 2, 'the upstream seeing both connections closed')
  })

  it('cancels a call whose body is still arriving when the client leaves', async () => {
    arrivals = []
    const closedBefore = closes
    const partial = arrivalsOf(1)
    const client = openRequest(`${server.url}/trickle`)
    await within(partial, 5_000, 'the upstream sending part of the body')
    client.abort()
    await until(() => bodyError !== undefined, 'the call being cancelled')
    expect(bodyError).toBeInstanceOf(RequestAbortedError)
    await until(() => closes === closedBefore + 1, 'the upstream seeing its connection closed')
  })

  it('cancels a retry waiting out its backoff when the client leaves', async () => {
    const client = openRequest(`${server.url}/retrying`)
    await until(() => upstream.hits('/busy') === 1, 'the first attempt')
    client.abort()
    await until(() => retryError !== undefined, 'the call being cancelled')
    expect(retryError).toBeInstanceOf(RequestAbortedError)
    expect(upstream.hits('/busy')).toBe(1)
  })
})

describe('a signal that outlives its calls', () => {
  it('is left with no listener once each call is over, with or without a deadline', async () => {
    const http = new HttpClient({ baseUrl: upstream.url })
    const shutdown = new AbortController()
    for (let i = 0; i < 3; i++) {
      await http.get('/ok', { signal: shutdown.signal })
      await http.get('/ok', { signal: shutdown.signal, timeout: 5_000 })
    }
    expect(getEventListeners(shutdown.signal, 'abort')).toHaveLength(0)
    await http.close()
  })

  it('cancels a retry waiting out its backoff under a deadline', async () => {
    const http = new HttpClient({
      baseUrl: upstream.url,
      retries: { limit: 3, backoff: 20_000, maxBackoff: 20_000 },
    })
    const before = upstream.hits('/busy')
    const controller = new AbortController()
    const pending = http.get('/busy', { signal: controller.signal, timeout: 60_000 })
    await until(() => upstream.hits('/busy') === before + 1, 'the first attempt')
    const reason = new Error('no longer needed')
    controller.abort(reason)
    const error = await within(
      pending.catch((e) => e),
      2_000,
      'the call being cancelled',
    )
    expect(error).toBeInstanceOf(RequestAbortedError)
    expect(error.cause).toBe(reason)
    expect(upstream.hits('/busy')).toBe(before + 1)
    await http.close()
  })
})
