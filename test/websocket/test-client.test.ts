import { afterAll, describe, expect, it } from 'vitest'
import { App, Depends, HTTPException, t, WebSocketDisconnect } from 'wharfjs'
import { TestClient, WebSocketDenied } from 'wharfjs/testing'
import { within } from './client.ts'

const events: string[] = []
const resource = Depends(async function* resource() {
  yield 'r'
  events.push('teardown')
})
const auth = Depends({ headers: { authorization: t.Optional(t.String()) } }, ({ headers }) => {
  if (headers.authorization !== 'Bearer ok') throw new HTTPException(401, 'Not authenticated')
  return 'alice'
})

const app = new App({ logger: false })
app.websocket('/echo', async ({ ws }) => {
  await ws.accept()
  for await (const message of ws) await ws.sendText(`echo: ${message}`)
})
app.websocket('/hello', async ({ ws }) => {
  await ws.accept()
  // Sent at once: the client must not lose it while its handshake completes.
  await ws.sendText('hello')
  await ws.close(4001, 'done')
})
app.websocket(
  '/items/{id}',
  {
    path: { id: t.Integer() },
    query: { q: t.String() },
    cookies: { session: t.String() },
    deps: { user: auth },
  },
  async ({ ws, path, query, cookies, deps }) => {
    await ws.accept(ws.subprotocols[0])
    await ws.sendJson({ id: path.id, q: query.q, session: cookies.session, user: deps.user })
    await ws.sendBytes(Buffer.from([7, 8]))
  },
)
app.websocket('/held', { deps: { resource } }, async ({ ws }) => {
  await ws.accept()
  await ws.sendText('ready')
  await ws.receiveText().catch((error: unknown) => {
    if (error instanceof WebSocketDisconnect) events.push(`handler saw ${error.code}`)
  })
})

let signalAborted: Promise<void> | undefined
app.websocket('/signal', async ({ ws, signal }) => {
  signalAborted = new Promise((resolve) => signal.addEventListener('abort', () => resolve()))
  await ws.accept()
  await ws.sendText(String(signal.aborted))
  await ws.receiveText().catch(() => {})
})

const client = new TestClient(app)
afterAll(() => client.shutdown())

describe('TestClient.websocketConnect', () => {
  it('talks to a handler in-process', async () => {
    await using ws = await client.websocketConnect('/echo')
    await ws.sendText('one')
    expect(await ws.receiveText()).toBe('echo: one')
    await ws.sendText('two')
    expect(await ws.receiveText()).toBe('echo: two')
  })

  it('keeps a message sent right after the handshake, then reports the close', async () => {
    const ws = await client.websocketConnect('/hello')
    expect(await ws.receiveText()).toBe('hello')
    await expect(ws.receiveText()).rejects.toMatchObject({ code: 4001, reason: 'done' })
    expect(await ws.closed).toMatchObject({ code: 4001, reason: 'done' })
  })

  it('sends query, headers, cookies and subprotocols', async () => {
    await using ws = await client.websocketConnect('/items/5', {
      query: { q: 'x' },
      headers: { Authorization: 'Bearer ok' },
      cookies: { session: 's 1' },
      subprotocols: ['v1'],
    })
    expect(ws.protocol).toBe('v1')
    expect(await ws.receiveJson()).toEqual({ id: 5, q: 'x', session: 's 1', user: 'alice' })
    expect([...(await ws.receiveBytes())]).toEqual([7, 8])
  })

  it('reports invalid parameters as a 1008 close', async () => {
    const ws = await client.websocketConnect('/items/five', { headers: { authorization: 'Bearer ok' } })
    const closed = await ws.closed
    expect(closed.code).toBe(1008)
    expect(closed.reason).toBe(
      'path.id: Input should be a valid integer, unable to parse string as an integer; query.q: Field required; cookie.session:...',
    )
  })

  it('rejects with WebSocketDenied when the handshake is refused', async () => {
    const refused = client.websocketConnect('/items/5', { query: { q: 'x' }, cookies: { session: 's' } })
    await expect(refused).rejects.toBeInstanceOf(WebSocketDenied)
    await expect(refused).rejects.toMatchObject({ status: 401, body: '{"detail":"Not authenticated"}' })
    await expect(client.websocketConnect('/nowhere')).rejects.toMatchObject({
      status: 403,
      body: '{"detail":"Forbidden"}',
    })
  })

  it('uses dependency overrides', async () => {
    app.dependencyOverrides.set(auth, () => 'tester')
    try {
      await using ws = await client.websocketConnect('/items/1', {
        query: { q: 'y' },
        cookies: { session: 's' },
      })
      expect(await ws.receiveJson()).toEqual({ id: 1, q: 'y', session: 's', user: 'tester' })
    } finally {
      app.dependencyOverrides.delete(auth)
    }
  })

  it('aborts ctx.signal when the connection closes', async () => {
    const ws = await client.websocketConnect('/signal')
    expect(await ws.receiveText()).toBe('false')
    await ws.close()
    await within(signalAborted!)
  })

  it('closes open sockets with 1001 on shutdown, after which teardown has run', async () => {
    const local = new TestClient(app)
    events.length = 0
    const ws = await local.websocketConnect('/held')
    expect(await ws.receiveText()).toBe('ready')
    await local.shutdown()
    expect(await ws.closed).toMatchObject({ code: 1001, reason: 'Server shutting down' })
    expect(events).toEqual(['handler saw 1001', 'teardown'])
  })
})
