import { request as sendRequest } from 'node:http'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { App, Depends, type RunningServer } from 'wharfjs'
import { HttpClient, httpClientDependency, RequestAbortedError } from 'wharfjs/http'
import { TestClient } from 'wharfjs/testing'
import { startUpstream, type Upstream, within } from './upstream.ts'

/** Requests the upstream has received and not answered: resolved on arrival, then on socket close. */
interface HeldRequest {
  arrived: Promise<void>
  closed: Promise<void>
}

let upstream: Upstream
let held: HeldRequest
let arrive: () => void
let close: () => void

function expectRequest(): HeldRequest {
  held = {
    arrived: new Promise<void>((resolve) => (arrive = resolve)),
    closed: new Promise<void>((resolve) => (close = resolve)),
  }
  return held
}

beforeAll(async () => {
  upstream = await startUpstream({
    // Never answers: only a cancelled call ends it, by closing the connection.
    '/hang': (req) => {
      req.socket.once('close', () => close())
      arrive()
    },
  })
})

afterAll(async () => {
  await upstream.close()
})

/** Opens a real request to `url` and returns a way to abort it (the client going away). */
function openRequest(url: string): { abort: () => void; response: Promise<number | 'aborted'> } {
  const req = sendRequest(url)
  const response = new Promise<number | 'aborted'>((resolve) => {
    req.on('response', (res) => resolve(res.statusCode ?? 0))
    req.on('error', () => resolve('aborted'))
  })
  req.end()
  return { abort: () => req.destroy(), response }
}

describe('cancellation through ctx.signal', () => {
  let server: RunningServer
  let app: App
  let tornDown = 0
  const upstreamClient = Depends(httpClientDependency({ timeout: { headers: 30_000 } }), { scope: 'app' })

  beforeAll(async () => {
    app = new App({ logger: false })
    const tracked = Depends(async function* tracked() {
      try {
        yield 'tracked'
      } finally {
        tornDown++
      }
    })
    app.get('/proxy', { deps: { http: upstreamClient, tracked } }, async ({ deps, signal }) => {
      const res = await deps.http.get(`${upstream.url}/hang`, { signal })
      return res.json()
    })
    app.get('/bounded', { timeout: 200, deps: { http: upstreamClient } }, async ({ deps, signal }) => {
      return (await deps.http.get(`${upstream.url}/hang`, { signal })).json()
    })
    server = await app.listen({ port: 0 })
  })

  afterAll(async () => {
    await server.close()
    await app.shutdown()
  })

  it('closes the upstream connection when the client disconnects, and tears down the dependencies', async () => {
    const call = expectRequest()
    const client = openRequest(`${server.url}/proxy`)
    await within(call.arrived, 5_000, 'the upstream receiving the call')
    client.abort()
    expect(await client.response).toBe('aborted')
    await within(call.closed, 2_000, 'the upstream seeing its connection closed')
    await within(
      (async () => {
        while (tornDown === 0) await new Promise((resolve) => setTimeout(resolve, 5))
      })(),
      2_000,
      'the route dependencies being torn down',
    )
    expect(tornDown).toBe(1)
  })

  it("cancels the upstream call when the route's timeout passes, answering 504", async () => {
    const call = expectRequest()
    const client = openRequest(`${server.url}/bounded`)
    await within(call.arrived, 5_000, 'the upstream receiving the call')
    expect(await within(client.response, 5_000, 'the response')).toBe(504)
    await within(call.closed, 2_000, 'the upstream seeing its connection closed')
  })
})

describe('signal option', () => {
  it('rejects with RequestAbortedError carrying the reason, and closes the connection', async () => {
    const http = new HttpClient()
    const call = expectRequest()
    const controller = new AbortController()
    const pending = http.get(`${upstream.url}/hang`, { signal: controller.signal, timeout: 5_000 })
    await within(call.arrived, 5_000, 'the upstream receiving the call')
    const reason = new Error('no longer needed')
    controller.abort(reason)
    const error = await pending.catch((e) => e)
    expect(error).toBeInstanceOf(RequestAbortedError)
    expect(error.cause).toBe(reason)
    await within(call.closed, 2_000, 'the upstream seeing its connection closed')
    await http.close()
  })

  it('rejects at once when the signal is already aborted', async () => {
    const http = new HttpClient()
    const before = upstream.hits('/hang')
    const error = await http.get(`${upstream.url}/hang`, { signal: AbortSignal.abort() }).catch((e) => e)
    expect(error).toBeInstanceOf(RequestAbortedError)
    expect(upstream.hits('/hang')).toBe(before)
    await http.close()
  })
})

describe('httpClientDependency(options)', () => {
  it('lets tests override the client dependency', async () => {
    const real = Depends(httpClientDependency({ baseUrl: 'http://127.0.0.1:9' }), { scope: 'app' })
    const app = new App({ logger: false })
    const fake = new HttpClient({ baseUrl: 'http://fake.invalid' })
    let used: HttpClient | undefined
    app.dependencyOverrides.set(real, () => {
      used = fake
      return fake
    })
    app.get('/check', { deps: { http: real } }, ({ deps }) => ({ overridden: deps.http === fake }))
    const res = await new TestClient(app).get('/check')
    expect(res.json()).toEqual({ overridden: true })
    expect(used).toBe(fake)
    await fake.close()
    await app.shutdown()
  })

  it('shares one app-scoped client between requests and closes it at shutdown', async () => {
    const shared = Depends(httpClientDependency({ baseUrl: upstream.url }), { scope: 'app' })
    const seen = new Set<HttpClient>()
    const app = new App({ logger: false })
    app.get('/count', { deps: { http: shared } }, async ({ deps }) => {
      seen.add(deps.http)
      return (await deps.http.get('/nowhere')).status
    })
    const client = new TestClient(app)
    expect((await client.get('/count')).json()).toBe(404)
    expect((await client.get('/count')).json()).toBe(404)
    expect(seen.size).toBe(1)
    await app.shutdown()
    const [used] = seen
    await expect(used!.get('/nowhere')).rejects.toThrow(`GET ${upstream.url}/nowhere: the client is closed`)
  })
})
