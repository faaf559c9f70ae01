import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { HttpClient } from 'wharfjs/http'
import { sendJson, startUpstream, type Upstream } from './upstream.ts'

let upstream: Upstream

beforeAll(async () => {
  upstream = await startUpstream({
    '/item': (_req, res) => sendJson(res, { ok: true }),
    '/slow-item': (_req, res) => setTimeout(() => sendJson(res, { ok: true }), 20),
  })
})

afterAll(async () => {
  await upstream.close()
})

describe('connection pool', () => {
  it('reuses keep-alive connections for sequential calls: never more than `connections`', async () => {
    for (const connections of [1, 4]) {
      const http = new HttpClient({ baseUrl: upstream.url, connections })
      const before = upstream.connections
      for (let i = 0; i < 25; i++) expect((await http.get('/item')).status).toBe(200)
      const opened = upstream.connections - before
      // Without keep-alive this would be 25. (undici may open a second socket when a call starts the
      // instant the previous body ended, before the first socket is marked free: hence ≤, not =.)
      expect(opened).toBeGreaterThanOrEqual(1)
      expect(opened).toBeLessThanOrEqual(connections)
      await http.close()
    }
  })

  it('never opens more than `connections` to one origin, queueing the rest', async () => {
    const http = new HttpClient({ baseUrl: upstream.url, connections: 3 })
    const before = upstream.connections
    const responses = await Promise.all(Array.from({ length: 30 }, () => http.get('/slow-item')))
    expect(responses.map((res) => res.status)).toEqual(Array(30).fill(200))
    const opened = upstream.connections - before
    expect(opened).toBeGreaterThanOrEqual(1)
    expect(opened).toBeLessThanOrEqual(3)
    await http.close()
  })

  it('keeps reusing connections after an unread non-200 answer', async () => {
    const http = new HttpClient({ baseUrl: upstream.url, connections: 1 })
    const before = upstream.connections
    for (let i = 0; i < 10; i++) expect((await http.get('/nowhere')).status).toBe(404)
    expect(upstream.connections - before).toBe(1)
    await http.close()
  })

  it('fails calls made after close()', async () => {
    const http = new HttpClient({ baseUrl: upstream.url })
    await http.get('/item')
    await http.close()
    await expect(http.get('/item')).rejects.toThrow(`GET ${upstream.url}/item: the client is closed`)
  })
})
