import { describe, expect, it } from 'vitest'
import { App, cors, file, HTTPException, t, text } from 'wharfjs'
import { TestClient } from 'wharfjs/testing'

const SAFELISTED = 'Accept, Accept-Language, Content-Language, Content-Type'

function appWith(options: Parameters<typeof cors>[0]) {
  const app = new App({ logger: false })
  app.use(cors(options))
  app.get('/', () => text('Homepage', { headers: { 'x-custom': 'v' } }))
  app.get('/items/{id}', { path: { id: t.Integer() } }, ({ path }) => ({ id: path.id }))
  app.get('/forbidden', () => {
    throw new HTTPException(403, 'Forbidden')
  })
  app.get('/boom', () => {
    throw new Error('boom')
  })
  return new TestClient(app)
}

const CORS_NAMES = [
  'access-control-allow-origin',
  'access-control-allow-credentials',
  'access-control-expose-headers',
  'access-control-allow-methods',
  'access-control-allow-headers',
  'access-control-max-age',
  'vary',
]
const corsHeaders = (headers: Record<string, string | string[]>) =>
  Object.fromEntries(Object.entries(headers).filter(([name]) => CORS_NAMES.includes(name)))

describe('cors(): preflight', () => {
  it('allowed: 200 OK text/plain with the origin echoed, methods, safelisted headers, max-age, vary', async () => {
    const client = appWith({ allowOrigins: ['https://example.org'], allowHeaders: ['X-Example'] })
    const res = await client.options('/', {
      headers: {
        origin: 'https://example.org',
        'access-control-request-method': 'GET',
        'access-control-request-headers': 'X-Example',
      },
    })
    expect(res.status).toBe(200)
    expect(res.text).toBe('OK')
    expect(res.headers['content-type']).toBe('text/plain; charset=utf-8')
    expect(corsHeaders(res.headers)).toEqual({
      vary: 'Origin',
      'access-control-allow-origin': 'https://example.org',
      'access-control-allow-methods': 'GET',
      'access-control-max-age': '600',
      'access-control-allow-headers': `${SAFELISTED}, X-Example`,
    })
  })

  it('is answered even where no route exists, without calling the app', async () => {
    const client = appWith({ allowOrigins: ['https://example.org'] })
    const res = await client.options('/nowhere', {
      headers: { origin: 'https://example.org', 'access-control-request-method': 'GET' },
    })
    expect(res.status).toBe(200)
    expect(res.text).toBe('OK')
  })

  it("allowMethods ['*'] expands to the seven methods; allowHeaders ['*'] echoes what was asked", async () => {
    const client = appWith({ allowOrigins: ['*'], allowMethods: ['*'], allowHeaders: ['*'], maxAge: 60 })
    const res = await client.options('/', {
      headers: {
        origin: 'https://any.example',
        'access-control-request-method': 'PATCH',
        'access-control-request-headers': 'X-One, x-two',
      },
    })
    expect(res.status).toBe(200)
    // `*` without credentials: the wildcard itself, and the answer does not vary by origin.
    expect(corsHeaders(res.headers)).toEqual({
      'access-control-allow-origin': '*',
      'access-control-allow-methods': 'DELETE, GET, HEAD, OPTIONS, PATCH, POST, PUT',
      'access-control-max-age': '60',
      'access-control-allow-headers': 'X-One, x-two',
    })
  })

  it("allowHeaders ['*'] with no requested headers sends no allow-headers", async () => {
    const client = appWith({ allowOrigins: ['*'], allowHeaders: ['*'] })
    const res = await client.options('/', {
      headers: { origin: 'https://any.example', 'access-control-request-method': 'GET' },
    })
    expect(res.headers['access-control-allow-headers']).toBeUndefined()
  })

  it("allowOrigins ['*'] with credentials echoes the origin and says so in vary", async () => {
    const client = appWith({ allowOrigins: ['*'], allowCredentials: true })
    const res = await client.options('/', {
      headers: { origin: 'https://any.example', 'access-control-request-method': 'GET' },
    })
    expect(res.status).toBe(200)
    expect(corsHeaders(res.headers)).toEqual({
      vary: 'Origin',
      'access-control-allow-origin': 'https://any.example',
      'access-control-allow-methods': 'GET',
      'access-control-max-age': '600',
      'access-control-allow-headers': SAFELISTED,
      'access-control-allow-credentials': 'true',
    })
  })

  it('a disallowed origin is 400 Disallowed CORS origin, with no allow-origin', async () => {
    const client = appWith({ allowOrigins: ['https://example.org'] })
    const res = await client.options('/', {
      headers: { origin: 'https://evil.example', 'access-control-request-method': 'GET' },
    })
    expect(res.status).toBe(400)
    expect(res.text).toBe('Disallowed CORS origin')
    expect(res.headers['content-type']).toBe('text/plain; charset=utf-8')
    expect(corsHeaders(res.headers)).toEqual({
      vary: 'Origin',
      'access-control-allow-methods': 'GET',
      'access-control-max-age': '600',
      'access-control-allow-headers': SAFELISTED,
    })
  })

  it('names each failed check: origin, method, headers', async () => {
    const client = appWith({ allowOrigins: ['https://example.org'] })
    const res = await client.options('/', {
      headers: {
        origin: 'https://evil.example',
        'access-control-request-method': 'DELETE',
        'access-control-request-headers': 'X-Secret',
      },
    })
    expect(res.status).toBe(400)
    expect(res.text).toBe('Disallowed CORS origin, method, headers')
  })

  it('a disallowed method from an allowed origin keeps the allow-origin', async () => {
    const client = appWith({ allowOrigins: ['https://example.org'] })
    const res = await client.options('/', {
      headers: { origin: 'https://example.org', 'access-control-request-method': 'POST' },
    })
    expect(res.status).toBe(400)
    expect(res.text).toBe('Disallowed CORS method')
    expect(res.headers['access-control-allow-origin']).toBe('https://example.org')
  })

  it('requested headers are compared case-insensitively; safelisted ones need no allowing', async () => {
    const client = appWith({ allowOrigins: ['https://example.org'], allowHeaders: ['X-Token'] })
    const ok = await client.options('/', {
      headers: {
        origin: 'https://example.org',
        'access-control-request-method': 'GET',
        'access-control-request-headers': 'content-type, x-token',
      },
    })
    expect(ok.status).toBe(200)
    const refused = await client.options('/', {
      headers: {
        origin: 'https://example.org',
        'access-control-request-method': 'GET',
        'access-control-request-headers': 'content-type, x-other',
      },
    })
    expect(refused.status).toBe(400)
    expect(refused.text).toBe('Disallowed CORS headers')
  })

  it('private network access: refused by default, allowed with allowPrivateNetwork', async () => {
    const headers = {
      origin: 'https://example.org',
      'access-control-request-method': 'GET',
      'access-control-request-private-network': 'true',
    }
    const refused = await appWith({ allowOrigins: ['https://example.org'] }).options('/', { headers })
    expect(refused.status).toBe(400)
    expect(refused.text).toBe('Disallowed CORS private-network')
    const allowed = await appWith({
      allowOrigins: ['https://example.org'],
      allowPrivateNetwork: true,
    }).options('/', { headers })
    expect(allowed.status).toBe(200)
    expect(allowed.headers['access-control-allow-private-network']).toBe('true')
  })

  it('allowOriginRegex must match the whole origin', async () => {
    const client = appWith({ allowOriginRegex: 'https://.*\\.example\\.org' })
    const preflight = (origin: string) =>
      client.options('/', { headers: { origin, 'access-control-request-method': 'GET' } })
    const ok = await preflight('https://api.example.org')
    expect(ok.status).toBe(200)
    expect(ok.headers['access-control-allow-origin']).toBe('https://api.example.org')
    expect((await preflight('https://api.example.org.evil.com')).status).toBe(400)
    expect((await preflight('http://api.example.org')).status).toBe(400)
  })

  it('an OPTIONS without Access-Control-Request-Method is not a preflight: the app answers it', async () => {
    const client = appWith({ allowOrigins: ['https://example.org'] })
    const res = await client.options('/', { headers: { origin: 'https://example.org' } })
    expect(res.status).toBe(405)
    expect(res.headers['access-control-allow-origin']).toBe('https://example.org')
  })
})

describe('cors(): simple and actual requests', () => {
  it('an allowed origin gets allow-origin, expose-headers, allow-credentials and vary: Origin', async () => {
    const client = appWith({
      allowOrigins: ['https://example.org'],
      allowCredentials: true,
      exposeHeaders: ['X-Custom', 'X-Other'],
    })
    const res = await client.get('/', { headers: { origin: 'https://example.org' } })
    expect(res.status).toBe(200)
    expect(res.text).toBe('Homepage')
    expect(corsHeaders(res.headers)).toEqual({
      'access-control-allow-origin': 'https://example.org',
      'access-control-allow-credentials': 'true',
      'access-control-expose-headers': 'X-Custom, X-Other',
      vary: 'Origin',
    })
  })

  it('another origin gets no CORS headers at all', async () => {
    const client = appWith({
      allowOrigins: ['https://example.org'],
      allowCredentials: true,
      exposeHeaders: ['X-Custom'],
    })
    const res = await client.get('/', { headers: { origin: 'https://evil.example' } })
    expect(res.status).toBe(200)
    expect(corsHeaders(res.headers)).toEqual({})
  })

  it('a request without Origin is passed through untouched', async () => {
    const client = appWith({ allowOrigins: ['*'] })
    const res = await client.get('/')
    expect(corsHeaders(res.headers)).toEqual({})
  })

  it("allowOrigins ['*']: `*` and no vary, but the origin is named when a cookie is sent", async () => {
    const client = appWith({ allowOrigins: ['*'] })
    const plain = await client.get('/', { headers: { origin: 'https://any.example' } })
    expect(corsHeaders(plain.headers)).toEqual({ 'access-control-allow-origin': '*' })
    const withCookie = await client.get('/', {
      headers: { origin: 'https://any.example', cookie: 'session=1' },
    })
    expect(corsHeaders(withCookie.headers)).toEqual({
      'access-control-allow-origin': 'https://any.example',
      vary: 'Origin',
    })
  })

  it("allowOrigins ['*'] with credentials names the origin for Authorization; without credentials it does not", async () => {
    const withCredentials = appWith({ allowOrigins: ['*'], allowCredentials: true })
    const res = await withCredentials.get('/', {
      headers: { origin: 'https://any.example', authorization: 'Bearer x' },
    })
    expect(corsHeaders(res.headers)).toEqual({
      'access-control-allow-origin': 'https://any.example',
      'access-control-allow-credentials': 'true',
      vary: 'Origin',
    })
    const without = appWith({ allowOrigins: ['*'] })
    const plain = await without.get('/', {
      headers: { origin: 'https://any.example', authorization: 'Bearer x' },
    })
    expect(corsHeaders(plain.headers)).toEqual({ 'access-control-allow-origin': '*' })
  })

  it('adds Origin to a vary the route already set', async () => {
    const app = new App({ logger: false })
    app.use(cors({ allowOrigins: ['https://example.org'] }))
    app.get('/', () => text('x', { headers: { vary: 'Accept-Language' } }))
    const res = await new TestClient(app).get('/', { headers: { origin: 'https://example.org' } })
    expect(res.headers.vary).toBe('Accept-Language, Origin')
  })

  it('error responses carry the CORS headers too: 404, 422, HTTPException, 500', async () => {
    const client = appWith({ allowOrigins: ['https://example.org'], exposeHeaders: ['X-Custom'] })
    const expected = {
      'access-control-allow-origin': 'https://example.org',
      'access-control-expose-headers': 'X-Custom',
      vary: 'Origin',
    }
    for (const [path, status, body] of [
      ['/missing', 404, { detail: 'Not Found' }],
      ['/forbidden', 403, { detail: 'Forbidden' }],
      ['/boom', 500, { detail: 'Internal Server Error' }],
    ] as const) {
      const res = await client.get(path, { headers: { origin: 'https://example.org' } })
      expect(res.status).toBe(status)
      expect(res.json()).toEqual(body)
      expect(corsHeaders(res.headers)).toEqual(expected)
    }
    const invalid = await client.get('/items/abc', { headers: { origin: 'https://example.org' } })
    expect(invalid.status).toBe(422)
    expect(invalid.json().detail[0].loc).toEqual(['path', 'id'])
    expect(corsHeaders(invalid.headers)).toEqual(expected)
  })
})

describe('CORS on errors raised outside the route', () => {
  it('puts its headers on a 500 thrown by an inner middleware and on a missing file', async () => {
    const app = new App({ logger: false })
    app.use(cors({ allowOrigins: ['https://example.com'] }))
    app.use((ctx, next) => {
      if (ctx.pathname === '/boom') throw new Error('inner middleware failed')
      return next()
    })
    app.get('/boom', () => ({}))
    app.get('/gone', () => file('/no/such/file.txt'))
    const client = new TestClient(app)
    for (const [path, status] of [
      ['/boom', 500],
      ['/gone', 404],
    ] as const) {
      const res = await client.get(path, { headers: { origin: 'https://example.com' } })
      expect(res.status).toBe(status)
      expect(res.headers['access-control-allow-origin']).toBe('https://example.com')
    }
  })
})
