import { once } from 'node:events'
import { request as httpRequest } from 'node:http'
import { connect } from 'node:net'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { App, type RunningServer, stream, t } from 'wharfjs'
import { sleep } from '../helpers.ts'

const app = new App({ logger: false })
let aborted = false
let streamClosed = false
app.get('/', async () => ({ Hello: 'World' }))
app.post('/echo', { body: t.Object({ text: t.String() }) }, ({ body }) => body)
app.get('/slow', async ({ signal }) => {
  await new Promise<void>((resolve) => {
    const timer = setTimeout(resolve, 5_000)
    signal.addEventListener('abort', () => {
      aborted = true
      clearTimeout(timer)
      resolve()
    })
  })
  return { done: true }
})
app.get('/chunks', () =>
  stream(
    (async function* () {
      try {
        for (let i = 0; ; i++) {
          yield `chunk ${i}\n`
          await sleep(20)
        }
      } finally {
        streamClosed = true
      }
    })(),
    { mediaType: 'text/plain' },
  ),
)

let server: RunningServer
beforeAll(async () => {
  server = await app.listen({ port: 0 })
})
afterAll(async () => {
  await server.close()
})

/** Sends raw bytes and resolves with everything the server answers before closing. */
async function raw(payload: string): Promise<string> {
  const socket = connect(server.port, '127.0.0.1')
  await once(socket, 'connect')
  socket.end(payload)
  let out = ''
  for await (const chunk of socket) out += chunk
  return out
}

describe('app.listen({ port: 0 })', () => {
  it('serves on 127.0.0.1 with content-length and keep-alive', async () => {
    expect(server.url).toBe(`http://127.0.0.1:${server.port}`)
    const res = await fetch(`${server.url}/`)
    expect(res.status).toBe(200)
    expect(res.headers.get('content-length')).toBe('17')
    expect(await res.text()).toBe('{"Hello":"World"}')
  })

  it('validates a JSON body sent over the socket', async () => {
    const res = await fetch(`${server.url}/echo`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"text":1}',
    })
    expect(res.status).toBe(422)
    expect((await res.json()).detail[0].loc).toEqual(['body', 'text'])
  })

  it('answers oversized headers with 431 in the documented shape', async () => {
    const answer = await raw(`GET / HTTP/1.1\r\nHost: x\r\nX-Big: ${'a'.repeat(20_000)}\r\n\r\n`)
    expect(answer.split('\r\n')[0]).toBe('HTTP/1.1 431 Request Header Fields Too Large')
    expect(answer.endsWith('{"detail":"Request Header Fields Too Large"}')).toBe(true)
  })

  it('answers a malformed request line with 400', async () => {
    const answer = await raw('NOT HTTP AT ALL\r\n\r\n')
    expect(answer.split('\r\n')[0]).toBe('HTTP/1.1 400 Bad Request')
    expect(answer.endsWith('{"detail":"Bad Request"}')).toBe(true)
  })

  it('rejects a declared Content-Length over the limit with 413 before reading the body', async () => {
    const answer = await raw(
      `POST /echo HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 5000000\r\nConnection: close\r\n\r\n{}`,
    )
    expect(answer.split('\r\n')[0]).toBe('HTTP/1.1 413 Payload Too Large')
    expect(answer).toContain('{"detail":"Request body is larger than the limit of 1048576 bytes"}')
  })

  it('aborts ctx.signal when the client goes away', async () => {
    aborted = false
    const req = httpRequest(`${server.url}/slow`)
    req.on('error', () => {})
    req.end()
    await sleep(100)
    req.destroy()
    for (let i = 0; i < 50 && !aborted; i++) await sleep(20)
    expect(aborted).toBe(true)
  })

  it('streams chunks as produced and stops the generator when the client leaves', async () => {
    streamClosed = false
    const controller = new AbortController()
    const res = await fetch(`${server.url}/chunks`, { signal: controller.signal })
    expect(res.headers.get('transfer-encoding')).toBe('chunked')
    const reader = res.body!.getReader()
    const first = new TextDecoder().decode((await reader.read()).value)
    expect(first).toBe('chunk 0\n')
    controller.abort()
    for (let i = 0; i < 50 && !streamClosed; i++) await sleep(20)
    expect(streamClosed).toBe(true)
  })
})

describe('app.fetch(request)', () => {
  it('answers WHATWG requests through the same core', async () => {
    const res = await app.fetch(
      new Request('http://localhost/echo', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: '{"text":"hi"}',
      }),
    )
    expect(res.status).toBe(200)
    expect(await res.json()).toEqual({ text: 'hi' })
    const head = await app.fetch(new Request('http://localhost/', { method: 'HEAD' }))
    expect([head.status, await head.text()]).toEqual([200, ''])
  })
})

describe('a response node:http refuses to write', () => {
  it('answers 500 instead of crashing the process', async () => {
    const bad = new App({ logger: false })
    bad.get('/', (ctx) => {
      ctx.response.headers['x-bad'] = 'line\nbreak'
      return {}
    })
    const running = await bad.listen({ port: 0 })
    const res = await fetch(`${running.url}/`)
    expect([res.status, await res.text()]).toEqual([500, '{"detail":"Internal Server Error"}'])
    await running.close()
  })
})

describe('reading a body over node:http', () => {
  it('answers 413 when a chunked body passes the limit while streaming', async () => {
    const chunk = 'x'.repeat(64 * 1024)
    const res = await fetch(`${server.url}/echo`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: new ReadableStream({
        start(controller) {
          for (let i = 0; i < 20; i++) controller.enqueue(new TextEncoder().encode(chunk))
          controller.close()
        },
      }),
      duplex: 'half',
    } as RequestInit)
    expect(res.status).toBe(413)
    expect(await res.json()).toEqual({ detail: 'Request body is larger than the limit of 1048576 bytes' })
  })

  it('keeps serving when a client leaves in the middle of its body', async () => {
    await raw(
      `POST /echo HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{"te`,
    )
    const res = await fetch(`${server.url}/`)
    expect(res.status).toBe(200)
  })
})
