import { request as sendRequest } from 'node:http'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { App, type RunningServer } from 'wharfjs'
import { HttpClient, ResponseTooLargeError } from 'wharfjs/http'
import { TestClient } from 'wharfjs/testing'
import { startUpstream, type Upstream, within } from './upstream.ts'

let upstream: Upstream
let http: HttpClient
let heldClosed: Promise<void>
let markHeldClosed: () => void

beforeAll(async () => {
  upstream = await startUpstream({
    '/chunks': (_req, res) => {
      res.writeHead(200, { 'content-type': 'text/csv' })
      res.write('a,b\n')
      setTimeout(() => res.write('1,2\n'), 10)
      setTimeout(() => res.end('3,4\n'), 20)
    },
    '/big': (_req, res) => {
      res.writeHead(200, { 'content-type': 'application/octet-stream' })
      for (let i = 0; i < 8; i++) res.write(Buffer.alloc(1024, 120))
      res.end()
    },
    '/late-end': (_req, res) => {
      res.writeHead(200, { 'content-type': 'text/plain' })
      res.write('start,')
      setTimeout(() => res.end('end'), 400)
    },
    // Sends one chunk, then holds the response open until the connection closes.
    '/held': (req, res) => {
      req.socket.once('close', () => markHeldClosed())
      res.writeHead(200, { 'content-type': 'text/plain' })
      res.write('first chunk\n')
    },
  })
  http = new HttpClient({ baseUrl: upstream.url })
})

afterAll(async () => {
  await http.close()
  await upstream.close()
})

function expectHeld(): Promise<void> {
  heldClosed = new Promise<void>((resolve) => (markHeldClosed = resolve))
  return heldClosed
}

describe('http.stream(method, url)', () => {
  it('streams the upstream body through a route without buffering it', async () => {
    const app = new App({ logger: false })
    app.get('/export', async ({ signal }) => (await http.stream('GET', '/chunks', { signal })).toResponse())
    const res = await new TestClient(app).get('/export')
    expect(res.status).toBe(200)
    expect(res.headers['content-type']).toBe('text/csv')
    expect(res.text).toBe('a,b\n1,2\n3,4\n')
  })

  it('yields chunks as they arrive and reads whole bodies too', async () => {
    const res = await http.stream('GET', '/chunks')
    const chunks: string[] = []
    for await (const chunk of res.body) chunks.push(Buffer.from(chunk).toString())
    expect(chunks.join('')).toBe('a,b\n1,2\n3,4\n')
    expect(chunks.length).toBeGreaterThanOrEqual(2)
    expect(await (await http.stream('GET', '/chunks')).text()).toBe('a,b\n1,2\n3,4\n')
  })

  it('applies the total deadline up to the headers only', async () => {
    const res = await http.stream('GET', '/late-end', { timeout: { total: 150 } })
    expect(await res.text()).toBe('start,end')
    await expect(http.get('/late-end', { timeout: { total: 150 } })).rejects.toMatchObject({
      name: 'TimeoutError',
      phase: 'total',
    })
  })

  it('enforces the size limit while streaming', async () => {
    const res = await http.stream('GET', '/big', { maxResponseSize: 4096 })
    expect(res.status).toBe(200)
    await expect(res.bytes()).rejects.toBeInstanceOf(ResponseTooLargeError)
  })

  it('closes the upstream connection on cancel()', async () => {
    const closed = expectHeld()
    const res = await http.stream('GET', '/held')
    await res.cancel()
    await within(closed, 2_000, 'the upstream seeing its connection closed')
  })

  it('closes the upstream connection when the client of a streamed-through response goes away', async () => {
    const app = new App({ logger: false })
    app.get('/relay', async ({ signal }) => (await http.stream('GET', '/held', { signal })).toResponse())
    const server: RunningServer = await app.listen({ port: 0 })
    try {
      const closed = expectHeld()
      const firstChunk = new Promise<string>((resolve) => {
        const req = sendRequest(`${server.url}/relay`, (res) => {
          res.once('data', (chunk: Buffer) => {
            resolve(chunk.toString())
            req.destroy()
          })
        })
        req.on('error', () => {}) // the abort below
        req.end()
      })
      expect(await within(firstChunk, 5_000, 'the first chunk')).toBe('first chunk\n')
      await within(closed, 2_000, 'the upstream seeing its connection closed')
    } finally {
      await server.close()
    }
  })
})
