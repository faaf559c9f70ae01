import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { App, type RunningServer, t } from 'wharfjs'
import { RawConnection } from '../raw-connection.ts'

// Short timeouts keep the tests fast. Node's own sweep (every 30 s) used to cut such connections at
// ~30 s whatever the setting; the bound below is the value plus a margin generous enough for a loaded
// machine, and far below that.
const HEADERS_TIMEOUT = 1_000
const REQUEST_TIMEOUT = 2_000
const KEEP_ALIVE_TIMEOUT = 1_000
const MARGIN = 2_500

const app = new App({ logger: false })
app.get('/', async () => ({ Hello: 'World' }))
app.post('/items', { body: t.Object({ name: t.String() }) }, async ({ body }) => body)

let server: RunningServer
beforeAll(async () => {
  server = await app.listen({
    port: 0,
    headersTimeout: HEADERS_TIMEOUT,
    requestTimeout: REQUEST_TIMEOUT,
    keepAliveTimeout: KEEP_ALIVE_TIMEOUT,
  })
})
afterAll(() => server.close())

/** A normal client on its own connection, served while the slow one is being held. */
async function servedMeanwhile(): Promise<void> {
  const res = await fetch(`${server.url}/`)
  expect(res.status).toBe(200)
  expect(await res.text()).toBe('{"Hello":"World"}')
}

describe('slow clients are cut on time', () => {
  it('a slowloris client (headers trickling in) gets 408 and is closed at the headers timeout', async () => {
    const slow = new RawConnection(server.port)
    slow.write('GET / HTTP/1.1\r\nHost: x\r\n')
    slow.trickle('X-Padding: a\r\n', 200)
    await servedMeanwhile()
    const lived = await slow.closedWithin(HEADERS_TIMEOUT + MARGIN)
    expect(lived).toBeTypeOf('number')
    const answer = await slow.response(0)
    expect(answer.status).toBe(408)
    expect(answer.headers.connection).toBe('close')
    expect(answer.body).toBe('{"detail":"Request Timeout"}')
  })

  it('a connection that sends nothing is closed at the headers timeout', async () => {
    const idle = new RawConnection(server.port)
    await servedMeanwhile()
    expect(await idle.closedWithin(HEADERS_TIMEOUT + MARGIN)).toBeTypeOf('number')
  })

  it('a body trickling in gets 408 and is closed at the request timeout, while the route waits for it', async () => {
    const slow = new RawConnection(server.port)
    slow.write(
      'POST /items HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{',
    )
    slow.trickle(' ', 200)
    await servedMeanwhile()
    expect(await slow.closedWithin(REQUEST_TIMEOUT + MARGIN)).toBeTypeOf('number')
    const answer = await slow.response(0)
    expect(answer.status).toBe(408)
    expect(answer.body).toBe('{"detail":"Request Timeout"}')
  })

  it('an idle keep-alive connection is closed at the keep-alive timeout, and advertises it', async () => {
    const idle = new RawConnection(server.port)
    idle.write('GET / HTTP/1.1\r\nHost: x\r\n\r\n')
    const answer = await idle.response()
    expect(answer.status).toBe(200)
    expect(answer.headers['keep-alive']).toBe('timeout=1')
    expect(await idle.closedWithin(KEEP_ALIVE_TIMEOUT + MARGIN)).toBeTypeOf('number')
  })

  it('a keep-alive connection in use stays open: each request restarts its clock', async () => {
    const busy = new RawConnection(server.port)
    for (let i = 0; i < 4; i++) {
      busy.write('GET / HTTP/1.1\r\nHost: x\r\n\r\n')
      expect((await busy.response()).status).toBe(200)
      await new Promise((resolve) => setTimeout(resolve, KEEP_ALIVE_TIMEOUT / 2))
    }
    expect(busy.open).toBe(true)
    busy.destroy()
  })
})

describe('default timeouts', () => {
  it('the headers timeout is 10 s, the request timeout 60 s, the keep-alive timeout 5 s', async () => {
    const defaults = await new App({ logger: false }).listen({ port: 0 })
    try {
      expect(defaults.server.headersTimeout).toBe(10_000)
      expect(defaults.server.requestTimeout).toBe(60_000)
      expect(defaults.server.keepAliveTimeout).toBe(5_000)
    } finally {
      await defaults.close()
    }
  })

  it('a request timeout shorter than 10 s bounds the headers timeout too', async () => {
    const short = await new App({ logger: false }).listen({ port: 0, requestTimeout: 3_000 })
    try {
      expect(short.server.headersTimeout).toBe(3_000)
    } finally {
      await short.close()
    }
  })
})
