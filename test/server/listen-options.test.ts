import { request } from 'node:http'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { App, type RunningServer } from 'wharfjs'

interface Reply {
  status: number
  headers: Record<string, string | string[] | undefined>
  body: string
}

function get(url: string, headers: Record<string, string> = {}): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = request(url, { headers, agent: false }, (res) => {
      let body = ''
      res.on('data', (chunk) => (body += chunk))
      res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, body }))
    })
    req.on('error', reject)
    req.end()
  })
}

function appReportingTheClient(onSlowRequest: () => void = () => {}): App {
  const app = new App({ logger: false })
  app.get('/whoami', async (ctx) => ({
    client: ctx.request.remoteAddress,
    scheme: ctx.request.scheme,
    path: ctx.pathname,
    id: ctx.request.id ?? null,
  }))
  app.get('/slow', async () => {
    onSlowRequest()
    await new Promise((resolve) => setTimeout(resolve, 300))
    return { slow: true }
  })
  app.get('/stuck', async () => {
    onSlowRequest()
    await new Promise((resolve) => setTimeout(resolve, 10_000).unref())
    return { stuck: true }
  })
  app.get('/items/', async () => ({ items: [] }))
  return app
}

describe('listen() with trustedProxies, rootPath and requestId', () => {
  let server: RunningServer
  beforeAll(async () => {
    server = await appReportingTheClient().listen({
      port: 0,
      trustedProxies: '127.0.0.0/8, 10.0.0.0/8',
      rootPath: '/api/',
      requestId: true,
    })
  })
  afterAll(() => server.close())

  it('takes the client from the nearest untrusted X-Forwarded-For hop and the scheme from X-Forwarded-Proto', async () => {
    const reply = await get(`${server.url}/whoami`, {
      'x-forwarded-for': '198.51.100.1, 203.0.113.9, 10.1.2.3',
      'x-forwarded-proto': 'HTTPS, http',
      'x-request-id': 'trace-1',
    })
    expect(JSON.parse(reply.body)).toEqual({
      client: '203.0.113.9',
      scheme: 'https',
      path: '/whoami',
      id: 'trace-1',
    })
    expect(reply.headers['x-request-id']).toBe('trace-1')
  })

  it('ignores a forwarded scheme that is not one', async () => {
    const reply = await get(`${server.url}/whoami`, { 'x-forwarded-proto': 'gopher' })
    expect(JSON.parse(reply.body).scheme).toBe('http')
  })

  it('strips the root path, and trailing-slash redirects use the forwarded scheme', async () => {
    const reply = await get(`${server.url}/api/whoami?x=1`)
    expect(JSON.parse(reply.body).path).toBe('/whoami')
    const redirect = await get(`${server.url}/items`, { 'x-forwarded-proto': 'https', host: 'shop.example' })
    expect(redirect.status).toBe(307)
    expect(redirect.headers.location).toBe('https://shop.example/items/')
  })
})

describe('listen() without trusted proxies', () => {
  let server: RunningServer
  beforeAll(async () => {
    server = await appReportingTheClient().listen({ port: 0 })
  })
  afterAll(() => server.close())

  it('ignores X-Forwarded-* and assigns no request id', async () => {
    const reply = await get(`${server.url}/whoami`, {
      'x-forwarded-for': '203.0.113.9',
      'x-forwarded-proto': 'https',
    })
    expect(JSON.parse(reply.body)).toEqual({ client: '127.0.0.1', scheme: 'http', path: '/whoami', id: null })
    expect(reply.headers['x-request-id']).toBeUndefined()
  })
})

describe('RunningServer.close()', () => {
  it('lets a request in flight finish, refuses new connections, then resolves', async () => {
    let resolve = () => {}
    const inFlight = new Promise<void>((settle) => (resolve = settle))
    const server = await appReportingTheClient(resolve).listen({ port: 0 })
    const slow = get(`${server.url}/slow`)
    await inFlight
    const closed = server.close()
    await expect(get(`${server.url}/whoami`)).rejects.toMatchObject({ code: 'ECONNREFUSED' })
    expect(await slow).toMatchObject({ status: 200, body: '{"slow":true}' })
    await closed
  })

  it('cuts a request still running at shutdownTimeout', async () => {
    let resolve = () => {}
    const inFlight = new Promise<void>((settle) => (resolve = settle))
    const server = await appReportingTheClient(resolve).listen({ port: 0, shutdownTimeout: 50 })
    const stuck = get(`${server.url}/stuck`)
    await inFlight
    const started = Date.now()
    await server.close()
    expect(Date.now() - started).toBeLessThan(2_000)
    await expect(stuck).rejects.toMatchObject({ code: 'ECONNRESET' })
  })
})
