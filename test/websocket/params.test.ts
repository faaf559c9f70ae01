import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { App, Depends, HTTPException, Router, type RunningServer, t } from 'wharfjs'
import { connect, refusal } from './client.ts'

const token = Depends({ query: { token: t.String() } }, ({ query }) => {
  if (query.token !== 'secret')
    throw new HTTPException(401, 'Bad token', { headers: { 'www-authenticate': 'Bearer' } })
  return 'alice'
})

const app = new App({ logger: false })
app.websocket(
  '/items/{id}',
  { path: { id: t.Integer() }, query: { limit: t.Integer({ default: 10, maximum: 100 }) } },
  async ({ ws, path, query }) => {
    await ws.accept()
    await ws.sendJson({ id: path.id, limit: query.limit })
  },
)
app.websocket(
  '/whoami',
  { headers: { xClient: t.String() }, cookies: { session: t.Optional(t.String()) }, deps: { user: token } },
  async ({ ws, deps, headers, cookies }) => {
    await ws.accept()
    await ws.sendJson({ user: deps.user, client: headers.xClient, session: cookies.session ?? null })
  },
)
app.websocket('/silent', () => {})
app.websocket('/early-failure', () => {
  throw new Error('failed before accepting')
})

const rooms = new Router({ prefix: '/rooms' })
rooms.websocket('/{room}', async ({ ws, path }) => {
  await ws.accept()
  await ws.sendText(`room ${path.room}`)
})
app.include(rooms, { prefix: '/v1' })

let server: RunningServer
let base: string
beforeAll(async () => {
  server = await app.listen({ port: 0 })
  base = `ws://127.0.0.1:${server.port}`
})
afterAll(async () => {
  await server.close()
})

describe('WebSocket parameters', () => {
  it('validates and coerces path and query parameters, defaults included', async () => {
    const first = await connect(`${base}/items/7?limit=3`)
    expect(await first.next()).toBe('{"id":7,"limit":3}')
    const second = await connect(`${base}/items/8`)
    expect(await second.next()).toBe('{"id":8,"limit":10}')
  })

  it('closes with 1008 and the problems as reason when a parameter is invalid', async () => {
    const { closed } = await connect(`${base}/items/abc?limit=500`)
    expect(await closed).toEqual({
      code: 1008,
      reason:
        'path.id: Input should be a valid integer, unable to parse string as an integer; query.limit: Input should be less than o...',
    })
  })

  it('closes with 1008 when a required header is missing', async () => {
    const { closed } = await connect(`${base}/whoami?token=secret`)
    expect(await closed).toEqual({ code: 1008, reason: 'header.x-client: Field required' })
  })

  it('resolves dependencies and reads headers and cookies', async () => {
    const headers = { 'x-client': 'cli', cookie: 'session=s1' }
    const { next } = await connect(`${base}/whoami?token=secret`, { headers })
    expect(await next()).toBe('{"user":"alice","client":"cli","session":"s1"}')
  })

  it('refuses the handshake with the status of an HTTPException raised before accept()', async () => {
    const headers = { 'x-client': 'cli' }
    expect(await refusal(`${base}/whoami?token=wrong`, { headers })).toEqual({
      status: 401,
      body: '{"detail":"Bad token"}',
    })
  })

  it('refuses an unknown path with 403', async () => {
    expect(await refusal(`${base}/nowhere`)).toEqual({ status: 403, body: '{"detail":"Forbidden"}' })
  })

  it('refuses with 403 when the handler returns without accepting', async () => {
    expect(await refusal(`${base}/silent`)).toEqual({ status: 403, body: '{"detail":"Forbidden"}' })
  })

  it('answers 500 when the handler throws before accept()', async () => {
    expect(await refusal(`${base}/early-failure`)).toEqual({
      status: 500,
      body: '{"detail":"Internal Server Error"}',
    })
  })

  it('serves routes of included routers under their prefixes', async () => {
    const { next } = await connect(`${base}/v1/rooms/lobby`)
    expect(await next()).toBe('room lobby')
    expect(await refusal(`${base}/rooms/lobby`)).toEqual({ status: 403, body: '{"detail":"Forbidden"}' })
  })
})
