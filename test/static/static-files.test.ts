import { brotliDecompressSync, gunzipSync } from 'node:zlib'
import { afterAll, describe, expect, it } from 'vitest'
import { App, StaticFiles, WharfError } from 'wharfjs'
import { TestClient } from 'wharfjs/testing'
import { CSS, HELLO, makeSite } from './fixture.ts'

const site = makeSite()
afterAll(site.remove)

function clientFor(options: Omit<ConstructorParameters<typeof StaticFiles>[0], 'directory'> = {}) {
  const app = new App({ logger: false })
  app.include(new StaticFiles({ directory: site.pub, ...options }).router('/static'))
  return new TestClient(app)
}

describe('StaticFiles: serving files', () => {
  const client = clientFor()

  it('sends a file with its type, length, strong ETag, Last-Modified and Accept-Ranges', async () => {
    const res = await client.get('/static/hello.txt')
    expect(res.status).toBe(200)
    expect(res.text).toBe(HELLO)
    expect(res.headers['content-type']).toBe('text/plain; charset=utf-8')
    expect(res.headers['content-length']).toBe(String(HELLO.length))
    expect(res.headers.etag).toMatch(/^"[0-9a-f]+-[0-9a-f]+"$/)
    expect(res.headers['last-modified']).toBe('Fri, 02 Jan 2026 03:04:05 GMT')
    expect(res.headers['accept-ranges']).toBe('bytes')
    expect(res.headers['cache-control']).toBeUndefined()
  })

  it.each([
    ['style.css', 'text/css; charset=utf-8'],
    ['app.3f9a1c2b.js', 'text/javascript; charset=utf-8'],
    ['data.json', 'application/json; charset=utf-8'],
    ['logo.svg', 'image/svg+xml'],
    ['module.wasm', 'application/wasm'],
    ['docs/index.html', 'text/html; charset=utf-8'],
    ['blob.unknownext', 'application/octet-stream'],
  ])('types %s as %s (mime-types)', async (name, type) => {
    const res = await client.get(`/static/${name}`)
    expect([res.status, res.headers['content-type']]).toEqual([200, type])
  })

  it('decodes the URL once: a space, and a file literally named %2e%2e', async () => {
    expect((await client.get('/static/my%20report.txt')).text).toBe('report')
    expect((await client.get('/static/%252e%252e')).text).toBe('a file literally named %2e%2e')
  })

  it('follows a symbolic link that stays inside the folder', async () => {
    expect((await client.get('/static/inside-link.txt')).text).toBe(HELLO)
  })

  it('answers HEAD with the headers and no body', async () => {
    const res = await client.head('/static/hello.txt')
    expect([res.status, res.text, res.headers['content-length']]).toEqual([200, '', String(HELLO.length)])
  })

  it('answers 404 in FastAPI shape for a missing file, a folder, a dotfile', async () => {
    for (const path of ['/static/nope.txt', '/static/docs', '/static/docs/', '/static/.env', '/static/']) {
      const res = await client.get(path)
      expect([path, res.status, res.json()]).toEqual([path, 404, { detail: 'Not Found' }])
    }
  })

  it('answers 405 for other methods', async () => {
    const res = await client.post('/static/hello.txt')
    expect([res.status, res.json()]).toEqual([405, { detail: 'Method Not Allowed' }])
  })

  it('refuses a folder that does not exist when it is made', () => {
    expect(() => new StaticFiles({ directory: `${site.base}/missing` })).toThrow(WharfError)
    expect(() => new StaticFiles({ directory: `${site.pub}/hello.txt` })).toThrow(/WHARF_STATIC_DIRECTORY/)
  })
})

describe('StaticFiles: conditional requests', () => {
  const client = clientFor()

  it('answers 304 with no body to If-None-Match with the ETag (strong or weak form)', async () => {
    const { etag } = (await client.get('/static/hello.txt')).headers
    for (const tag of [etag as string, `W/${etag}`, `"other", ${etag}`, '*']) {
      const res = await client.get('/static/hello.txt', { headers: { 'if-none-match': tag } })
      expect([res.status, res.text, res.headers.etag]).toEqual([304, '', etag])
      expect(res.headers['content-length']).toBeUndefined()
    }
    const changed = await client.get('/static/hello.txt', { headers: { 'if-none-match': '"other"' } })
    expect([changed.status, changed.text]).toEqual([200, HELLO])
  })

  it('answers If-Modified-Since: 304 when not modified since, 200 when modified after', async () => {
    const same = await client.get('/static/hello.txt', {
      headers: { 'if-modified-since': 'Fri, 02 Jan 2026 03:04:05 GMT' },
    })
    expect(same.status).toBe(304)
    const older = await client.get('/static/hello.txt', {
      headers: { 'if-modified-since': 'Thu, 01 Jan 2026 00:00:00 GMT' },
    })
    expect([older.status, older.text]).toEqual([200, HELLO])
  })

  it('answers 412 when If-Match does not match', async () => {
    const res = await client.get('/static/hello.txt', { headers: { 'if-match': '"nope"' } })
    expect([res.status, res.json()]).toEqual([412, { detail: 'Precondition Failed' }])
  })
})

describe('StaticFiles: range requests', () => {
  const client = clientFor()
  const size = HELLO.length

  it('answers a byte range with 206 and Content-Range', async () => {
    const res = await client.get('/static/hello.txt', { headers: { range: 'bytes=0-4' } })
    expect([res.status, res.text]).toEqual([206, 'Hello'])
    expect(res.headers['content-range']).toBe(`bytes 0-4/${size}`)
    expect(res.headers['content-length']).toBe('5')
  })

  it('answers suffix and open-ended ranges', async () => {
    const tail = await client.get('/static/hello.txt', { headers: { range: 'bytes=-7' } })
    expect([tail.status, tail.text]).toEqual([206, HELLO.slice(-7)])
    const rest = await client.get('/static/hello.txt', { headers: { range: 'bytes=7-' } })
    expect([rest.status, rest.text, rest.headers['content-range']]).toEqual([
      206,
      HELLO.slice(7),
      `bytes 7-${size - 1}/${size}`,
    ])
  })

  it('answers 416 with Content-Range for a range outside the file', async () => {
    const res = await client.get('/static/hello.txt', { headers: { range: 'bytes=500-600' } })
    expect([res.status, res.json()]).toEqual([416, { detail: 'Range Not Satisfiable' }])
    expect(res.headers['content-range']).toBe(`bytes */${size}`)
  })

  it('sends the whole file for another unit or several ranges; 416 for a malformed bytes range', async () => {
    for (const range of ['items=0-4', 'bytes=0-1,3-4']) {
      const res = await client.get('/static/hello.txt', { headers: { range } })
      expect([range, res.status, res.text]).toEqual([range, 200, HELLO])
    }
    const bad = await client.get('/static/hello.txt', { headers: { range: 'bytes=abc' } })
    expect(bad.status).toBe(416)
  })

  it('honours If-Range: the range for the current ETag, the whole file for a stale or weak one', async () => {
    const { etag } = (await client.get('/static/hello.txt')).headers
    const fresh = await client.get('/static/hello.txt', {
      headers: { range: 'bytes=0-4', 'if-range': etag as string },
    })
    expect([fresh.status, fresh.text]).toEqual([206, 'Hello'])
    for (const tag of ['"stale"', `W/${etag}`]) {
      const res = await client.get('/static/hello.txt', { headers: { range: 'bytes=0-4', 'if-range': tag } })
      expect([res.status, res.text]).toEqual([200, HELLO])
    }
  })

  it('answers a range of a HEAD request with headers only', async () => {
    const res = await client.head('/static/hello.txt', { headers: { range: 'bytes=0-4' } })
    expect([res.status, res.text, res.headers['content-length']]).toEqual([206, '', '5'])
  })
})

describe('StaticFiles: html mode', () => {
  const client = clientFor({ html: true })

  it('redirects a folder to its trailing-slash form (307, relative Location, query kept)', async () => {
    const res = await client.get('/static/docs?lang=en')
    expect([res.status, res.headers.location]).toEqual([307, './docs/?lang=en'])
  })

  it('serves index.html for a folder', async () => {
    const res = await client.get('/static/docs/')
    expect([res.status, res.text, res.headers['content-type']]).toEqual([
      200,
      '<h1>Docs</h1>',
      'text/html; charset=utf-8',
    ])
  })

  it('serves 404.html with status 404 for a missing file or a folder without index', async () => {
    for (const path of ['/static/nope.html', '/static/empty/']) {
      const res = await client.get(path)
      expect([res.status, res.text]).toEqual([404, '<h1>Nothing here</h1>'])
    }
  })
})

describe('StaticFiles: caching and precompressed variants', () => {
  it('sets Cache-Control: immutable for hashed assets, the given value for the rest', async () => {
    const client = clientFor({ cacheControl: 'public, max-age=60', immutable: /\.[0-9a-f]{8}\.\w+$/ })
    expect((await client.get('/static/app.3f9a1c2b.js')).headers['cache-control']).toBe(
      'public, max-age=31536000, immutable',
    )
    expect((await client.get('/static/hello.txt')).headers['cache-control']).toBe('public, max-age=60')
  })

  it('takes Cache-Control from a function of the path', async () => {
    const client = clientFor({ cacheControl: (path) => (path.endsWith('.css') ? 'no-cache' : undefined) })
    expect((await client.get('/static/style.css')).headers['cache-control']).toBe('no-cache')
    expect((await client.get('/static/hello.txt')).headers['cache-control']).toBeUndefined()
  })

  it('serves the .br or .gz variant the client accepts, typed as the original', async () => {
    const client = clientFor({ precompressed: true })
    const br = await client.get('/static/style.css', { headers: { 'accept-encoding': 'gzip, br' } })
    expect([br.status, br.headers['content-encoding'], br.headers['content-type'], br.headers.vary]).toEqual([
      200,
      'br',
      'text/css; charset=utf-8',
      'Accept-Encoding',
    ])
    expect(brotliDecompressSync(br.body).toString()).toBe(CSS)
    const gz = await client.get('/static/style.css', { headers: { 'accept-encoding': 'gzip, br;q=0' } })
    expect(gz.headers['content-encoding']).toBe('gzip')
    expect(gunzipSync(gz.body).toString()).toBe(CSS)
    expect(gz.headers.etag).not.toBe(br.headers.etag)
    const plain = await client.get('/static/style.css')
    expect([plain.text, plain.headers['content-encoding'], plain.headers.vary]).toEqual([
      CSS,
      undefined,
      'Accept-Encoding',
    ])
    const noVariant = await client.get('/static/hello.txt', { headers: { 'accept-encoding': 'br' } })
    expect([noVariant.text, noVariant.headers['content-encoding']]).toEqual([HELLO, undefined])
  })

  it('serves dotfiles only when asked', async () => {
    expect((await clientFor({ dotfiles: true }).get('/static/.env')).text).toBe('SECRET_KEY=1')
  })
})
