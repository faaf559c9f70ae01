import { gunzipSync, gzipSync } from 'node:zlib'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { App, HTTPException } from 'wharfjs'
import { HttpClient } from 'wharfjs/http'
import { TestClient } from 'wharfjs/testing'
import { startUpstream, type Upstream } from './upstream.ts'

const DATA = '{"items":[{"id":1,"name":"café"}],"__proto__":{"admin":true}}'
const ZIPPED = gzipSync('{"zipped":true}')

let upstream: Upstream
let http: HttpClient

beforeAll(async () => {
  upstream = await startUpstream({
    '/data': (_req, res) => {
      res.writeHead(200, {
        'content-type': 'application/json; charset=utf-8',
        'set-cookie': 'upstream=1',
        'x-upstream': 'yes',
      })
      res.end(DATA)
    },
    '/untyped': (_req, res) => {
      res.writeHead(200)
      res.end('raw bytes')
    },
    '/zipped': (_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json', 'content-encoding': 'gzip' })
      res.end(ZIPPED)
    },
    '/missing': (_req, res) => {
      res.writeHead(404, { 'content-type': 'application/json' })
      res.end('{"detail":"no such item"}')
    },
  })
  http = new HttpClient({ baseUrl: upstream.url })
})

afterAll(async () => {
  await http.close()
  await upstream.close()
})

function forwardingApp(): App {
  const app = new App({ logger: false })
  app.get('/forward/{name}', async ({ path, signal }) => {
    const res = await http.get(`/${path.name}`, { signal })
    if (res.status >= 500) throw new HTTPException(502, 'Failed to fetch data')
    return res.toResponse()
  })
  app.get('/created', async ({ signal }) =>
    (await http.get('/data', { signal })).toResponse({
      status: 201,
      headers: { 'cache-control': 'no-store' },
    }),
  )
  return app
}

describe('ClientResponse.toResponse()', () => {
  it('forwards the body byte for byte with the status and exact content type, and nothing else', async () => {
    const res = await new TestClient(forwardingApp()).get('/forward/data')
    expect(res.status).toBe(200)
    expect(res.headers['content-type']).toBe('application/json; charset=utf-8')
    expect(res.headers['content-length']).toBe(String(Buffer.byteLength(DATA)))
    // Not parsed, so nothing is dropped: the bytes are the upstream's.
    expect(res.text).toBe(DATA)
    expect(res.headers['set-cookie']).toBeUndefined()
    expect(res.headers['x-upstream']).toBeUndefined()
  })

  it("forwards the upstream's status, and takes a status and headers of its own", async () => {
    const client = new TestClient(forwardingApp())
    const missing = await client.get('/forward/missing')
    expect(missing.status).toBe(404)
    expect(missing.json()).toEqual({ detail: 'no such item' })
    const created = await client.get('/created')
    expect(created.status).toBe(201)
    expect(created.headers['cache-control']).toBe('no-store')
    expect(created.text).toBe(DATA)
  })

  it('sends application/octet-stream when the upstream named no type', async () => {
    const res = await new TestClient(forwardingApp()).get('/forward/untyped')
    expect(res.status).toBe(200)
    expect(res.headers['content-type']).toBe('application/octet-stream')
    expect(res.text).toBe('raw bytes')
  })

  it('keeps the content encoding of a compressed body, buffered or streamed', async () => {
    const app = forwardingApp()
    app.get('/streamed', async ({ signal }) => (await http.stream('GET', '/zipped', { signal })).toResponse())
    const client = new TestClient(app)
    for (const path of ['/forward/zipped', '/streamed']) {
      const res = await client.get(path)
      expect(res.status).toBe(200)
      expect(res.headers['content-encoding']).toBe('gzip')
      expect(JSON.parse(gunzipSync(res.body).toString())).toEqual({ zipped: true })
    }
  })
})
