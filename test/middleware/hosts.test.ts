import { describe, expect, it } from 'vitest'
import { App, httpsRedirect, type RequestView, trustedHost } from 'wharfjs'
import { TestClient } from 'wharfjs/testing'

function appWith(middleware: ReturnType<typeof trustedHost>) {
  const app = new App({ logger: false })
  app.use(middleware)
  app.get('/', () => ({ ok: true }))
  app.post('/items', () => ({ created: true }))
  return app
}

/** A request as an adapter would hand it over, for schemes the TestClient does not produce. */
function view(url: string, scheme: string, headers: Record<string, string>, rootPath?: string): RequestView {
  return {
    method: 'GET',
    url,
    headers,
    scheme,
    rootPath,
    remoteAddress: '127.0.0.1',
    signal: new AbortController().signal,
    readBody: async () => Buffer.alloc(0),
    bodyStream: async function* () {},
  }
}

describe('trustedHost()', () => {
  const client = new TestClient(
    appWith(trustedHost({ allowedHosts: ['example.com', '*.example.org', 'www.shop.test', '::1'] })),
  )

  it('lets an allowed host through, with or without a port', async () => {
    for (const host of [
      'example.com',
      'example.com:8000',
      'api.example.org',
      'a.b.example.org:1',
      '[::1]:8000',
    ]) {
      const res = await client.get('/', { headers: { host } })
      expect([host, res.status, res.text]).toEqual([host, 200, '{"ok":true}'])
    }
  })

  it('answers any other host with 400 Invalid host header, text/plain', async () => {
    for (const host of ['evil.com', 'example.com.evil.com', 'example.org', 'testserver', '']) {
      const res = await client.get('/', { headers: { host } })
      expect([host, res.status, res.text, res.headers['content-type']]).toEqual([
        host,
        400,
        'Invalid host header',
        'text/plain; charset=utf-8',
      ])
    }
  })

  it('redirects (307) to the www host when only that one is allowed, keeping port, path and query', async () => {
    const res = await client.get('/items/1?x=1', { headers: { host: 'shop.test:8000' } })
    expect(res.status).toBe(307)
    expect(res.headers.location).toBe('http://www.shop.test:8000/items/1?x=1')
    expect(res.text).toBe('')
  })

  it('wwwRedirect: false answers 400 instead', async () => {
    const strict = new TestClient(
      appWith(trustedHost({ allowedHosts: ['www.shop.test'], wwwRedirect: false })),
    )
    const res = await strict.get('/', { headers: { host: 'shop.test' } })
    expect(res.status).toBe(400)
    expect(res.text).toBe('Invalid host header')
  })

  it('the www redirect keeps the root path the app is mounted under', async () => {
    const app = appWith(trustedHost({ allowedHosts: ['www.shop.test'] }))
    const res = await app.handle(view('/items?x=1', 'https', { host: 'shop.test' }, '/api'))
    expect(res.status).toBe(307)
    expect(res.headers.location).toBe('https://www.shop.test/api/items?x=1')
  })

  it("allows everything by default (allowedHosts ['*'])", async () => {
    const open = new TestClient(appWith(trustedHost()))
    expect((await open.get('/', { headers: { host: 'anything.test' } })).status).toBe(200)
  })

  it('refuses wildcard patterns other than a leading *.', () => {
    for (const pattern of ['*example.com', 'api.*.example.com', 'example.*'])
      expect(() => trustedHost({ allowedHosts: [pattern] })).toThrow(
        `Domain wildcard patterns must be like '*.example.com'. Got '${pattern}'.`,
      )
  })
})

describe('httpsRedirect()', () => {
  const app = appWith(httpsRedirect())
  const client = new TestClient(app)

  it('redirects http with 307 to https://host:port/path?query', async () => {
    const res = await client.get('/items/1?q=a%20b', { headers: { host: 'example.com:8080' } })
    expect(res.status).toBe(307)
    expect(res.headers.location).toBe('https://example.com:8080/items/1?q=a%20b')
    expect(res.text).toBe('')
  })

  it('drops the default ports 80 and 443', async () => {
    for (const host of ['example.com:80', 'example.com:443', 'example.com']) {
      const res = await client.get('/', { headers: { host } })
      expect(res.headers.location).toBe('https://example.com/')
    }
  })

  it('keeps IPv6 hosts bracketed', async () => {
    const res = await client.get('/', { headers: { host: '[::1]:8000' } })
    expect(res.headers.location).toBe('https://[::1]:8000/')
  })

  it('keeps the method: a POST is redirected with 307, not turned into a GET', async () => {
    const res = await client.post('/items', { json: {}, headers: { host: 'example.com' } })
    expect(res.status).toBe(307)
    expect(res.headers.location).toBe('https://example.com/items')
  })

  it('sends a WebSocket handshake to wss://', async () => {
    const res = await client.get('/ws', {
      headers: { host: 'example.com', upgrade: 'websocket', connection: 'Upgrade' },
    })
    expect(res.status).toBe(307)
    expect(res.headers.location).toBe('wss://example.com/ws')
  })

  it('answers a request without Host with 400 Invalid host header', async () => {
    const res = await app.handle(view('/', 'http', {}))
    expect(res.status).toBe(400)
    expect(res.body).toBe('Invalid host header')
    expect(res.headers['content-type']).toBe('text/plain; charset=utf-8')
  })

  it('lets https requests through, and keeps the root path in the redirect', async () => {
    const secure = await app.handle(view('/', 'https', { host: 'example.com' }))
    expect(secure.status).toBe(200)
    const mounted = await app.handle(view('/items', 'http', { host: 'example.com' }, '/api'))
    expect(mounted.headers.location).toBe('https://example.com/api/items')
  })
})
