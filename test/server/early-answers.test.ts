import type { Socket } from 'node:net'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { App, Depends, HTTPException, type RunningServer, t } from 'wharfjs'
import { RawConnection } from '../raw-connection.ts'

const GiB = 1024 ** 3
/** The server closes within this after answering: far below the keep-alive (30 s) and request (60 s) timeouts. */
const PROMPTLY = 3_000

const requireToken = Depends({ headers: { authorization: t.Optional(t.String()) } }, ({ headers }) => {
  if (headers.authorization !== 'Bearer ok') throw new HTTPException(401, 'Not authenticated')
  return true
})
const app = new App({ logger: false })
app.get('/', async () => ({ Hello: 'World' }))
app.post('/items', { body: t.Object({ name: t.String() }) }, async ({ body }) => body)
app.post('/small', { body: t.Object({ name: t.String() }), bodyLimit: 1_000 }, async ({ body }) => body)
app.post('/upload', { deps: { ok: requireToken } }, async () => ({ stored: true }))

let server: RunningServer
/** Bytes the server read from each connection, once it is closed (in connection order). */
const bytesRead: Promise<number>[] = []
beforeAll(async () => {
  server = await app.listen({ port: 0, keepAliveTimeout: 30_000, requestTimeout: 60_000 })
  server.server.on('connection', (socket: Socket) => {
    bytesRead.push(new Promise((resolve) => socket.once('close', () => resolve(socket.bytesRead))))
  })
})
afterAll(() => server.close())

describe('an answer sent before a large body was read closes the connection', () => {
  it('a declared 1 GiB body gets 413 and the connection is closed, without the client sending it', async () => {
    const client = new RawConnection(server.port)
    client.write(
      `POST /items HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: ${GiB}\r\n\r\n`,
    )
    const answer = await client.response()
    expect(answer.status).toBe(413)
    expect(answer.headers.connection).toBe('close')
    expect(answer.body).toBe('{"detail":"Request body is larger than the limit of 1048576 bytes"}')
    expect(await client.closedWithin(PROMPTLY)).toBeTypeOf('number')
  })

  it('a client pushing its 1 GiB body anyway gets the 413, and the server reads a few MiB at most', async () => {
    const connection = bytesRead.length
    const client = new RawConnection(server.port)
    client.write(
      `POST /items HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: ${GiB}\r\n\r\n`,
    )
    // Bounded: at most 64 MiB are offered, written as fast as the connection takes them.
    const chunk = Buffer.alloc(1024 * 1024, 0x20)
    let offered = 0
    const pump = () => {
      while (offered < 64 && !client.socket.destroyed) {
        offered++
        if (!client.socket.write(chunk)) return void client.socket.once('drain', pump)
      }
    }
    pump()
    const answer = await client.response()
    expect(answer.status).toBe(413)
    expect(await client.closedWithin(PROMPTLY)).toBeTypeOf('number')
    expect(await bytesRead[connection]).toBeLessThan(8 * 1024 * 1024)
  })

  it('a 401 from a dependency before a declared 10 MiB upload is read closes the connection', async () => {
    const client = new RawConnection(server.port)
    client.write(`POST /upload HTTP/1.1\r\nHost: x\r\nContent-Length: ${10 * 1024 * 1024}\r\n\r\n`)
    const answer = await client.response()
    expect(answer.status).toBe(401)
    expect(answer.headers.connection).toBe('close')
    expect(answer.body).toBe('{"detail":"Not authenticated"}')
    expect(await client.closedWithin(PROMPTLY)).toBeTypeOf('number')
  })

  it('a 404 on a chunked (unbounded) POST closes the connection', async () => {
    const client = new RawConnection(server.port)
    client.write('POST /nowhere HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n')
    const answer = await client.response()
    expect(answer.status).toBe(404)
    expect(answer.headers.connection).toBe('close')
    expect(answer.body).toBe('{"detail":"Not Found"}')
    expect(await client.closedWithin(PROMPTLY)).toBeTypeOf('number')
  })

  it('a chunked body that passes the limit gets 413 and the connection is closed instead of read on', async () => {
    const client = new RawConnection(server.port)
    client.write(
      'POST /small HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n',
    )
    const stop = client.trickle(`800\r\n${' '.repeat(0x800)}\r\n`, 10)
    const answer = await client.response()
    stop()
    expect(answer.status).toBe(413)
    expect(answer.headers.connection).toBe('close')
    expect(answer.body).toBe('{"detail":"Request body is larger than the limit of 1000 bytes"}')
    expect(await client.closedWithin(PROMPTLY)).toBeTypeOf('number')
  })
})

describe('a small unread body is drained and the connection kept alive', () => {
  it('a 404 on a POST with a 10 KiB body: the next request on the same connection is served', async () => {
    const client = new RawConnection(server.port)
    client.write(`POST /nowhere HTTP/1.1\r\nHost: x\r\nContent-Length: 10240\r\n\r\n${'a'.repeat(10_240)}`)
    const first = await client.response()
    expect(first.status).toBe(404)
    expect(first.headers.connection).toBe('keep-alive')
    client.write('GET / HTTP/1.1\r\nHost: x\r\n\r\n')
    expect(await client.response()).toMatchObject({ status: 200, body: '{"Hello":"World"}' })
    expect(client.open).toBe(true)
    client.destroy()
  })

  it('a 413 for a declared 2 KiB body (limit 1000 bytes) keeps the connection too', async () => {
    const client = new RawConnection(server.port)
    client.write(
      `POST /small HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 2048\r\n\r\n`,
    )
    const first = await client.response()
    expect(first.status).toBe(413)
    expect(first.headers.connection).toBe('keep-alive')
    client.write(' '.repeat(2048))
    client.write('GET / HTTP/1.1\r\nHost: x\r\n\r\n')
    expect(await client.response()).toMatchObject({ status: 200, body: '{"Hello":"World"}' })
    client.destroy()
  })

  it('a small remainder trickling in is cut at the request timeout, with no second answer', async () => {
    const strict = await app.listen({ port: 0, requestTimeout: 1_000 })
    try {
      const client = new RawConnection(strict.port)
      client.write('POST /nowhere HTTP/1.1\r\nHost: x\r\nContent-Length: 1000\r\n\r\n')
      client.trickle('a', 100)
      expect((await client.response()).status).toBe(404)
      expect(await client.closedWithin(1_000 + PROMPTLY)).toBeTypeOf('number')
      expect(client.received).toBe('')
    } finally {
      await strict.close()
    }
  })
})

describe('Expect: 100-continue', () => {
  it('a declared 1 GiB body gets its 413 without a 100 Continue first: the client never sends it', async () => {
    const client = new RawConnection(server.port)
    client.write(
      `POST /items HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: ${GiB}\r\nExpect: 100-continue\r\n\r\n`,
    )
    const answer = await client.response()
    expect(answer.status).toBe(413)
    expect(answer.headers.connection).toBe('close')
    expect(await client.closedWithin(PROMPTLY)).toBeTypeOf('number')
  })

  it('a 401 from a dependency goes out before any 100 Continue', async () => {
    const client = new RawConnection(server.port)
    client.write(`POST /upload HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\nExpect: 100-continue\r\n\r\n`)
    expect((await client.response()).status).toBe(401)
    expect(await client.closedWithin(PROMPTLY)).toBeTypeOf('number')
  })

  it('a body the route reads gets 100 Continue, then is read and answered', async () => {
    const client = new RawConnection(server.port)
    const body = '{"name":"anchor"}'
    client.write(
      `POST /items HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: ${body.length}\r\nExpect: 100-continue\r\n\r\n`,
    )
    expect((await client.response()).status).toBe(100)
    client.write(body)
    expect(await client.response()).toMatchObject({ status: 200, body })
    client.destroy()
  })
})
