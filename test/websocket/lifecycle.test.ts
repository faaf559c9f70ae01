import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { App, Depends, type RunningServer, WebSocketDisconnect } from 'wharfjs'
import { WebSocket as Client } from 'ws'
import { memoryLogger } from '../helpers.ts'
import { connect, within } from './client.ts'

const events: string[] = []
/** Resolves once `event` was recorded: the server side runs after the client saw its part. */
function recorded(event: string): Promise<void> {
  return within(
    new Promise<void>((resolve) => {
      const check = () => (events.includes(event) ? resolve() : setTimeout(check, 5))
      check()
    }),
  )
}

const session = Depends(async function* session() {
  events.push('session opened')
  try {
    yield 'session-1'
  } finally {
    events.push('session closed')
  }
})

const { logger, lines } = memoryLogger()
const app = new App({ logger })
app.websocket('/chat', { deps: { session } }, async ({ ws, deps }) => {
  await ws.accept()
  await ws.sendText(deps.session)
  try {
    for (;;) await ws.receiveText()
  } catch (error) {
    if (error instanceof WebSocketDisconnect) events.push(`disconnect ${error.code} ${error.reason}`)
    throw error
  }
})
app.websocket('/boom', async ({ ws }) => {
  await ws.accept()
  await ws.receiveText()
  throw new Error('handler exploded')
})
app.websocket('/small', { maxMessageSize: 8 }, async ({ ws }) => {
  await ws.accept()
  for await (const message of ws) await ws.sendText(`got ${message}`)
})
app.websocket('/ping', { pingInterval: 50 }, async ({ ws }) => {
  await ws.accept()
  for await (const _ of ws);
  events.push('ping ended')
})

let server: RunningServer
let base: string
beforeAll(async () => {
  server = await app.listen({ port: 0 })
  base = `ws://127.0.0.1:${server.port}`
})
afterAll(async () => {
  await server.close()
})

describe('WebSocket lifecycle', () => {
  it('gives the handler a WebSocketDisconnect with the client code, then tears down dependencies', async () => {
    events.length = 0
    const { client, next } = await connect(`${base}/chat`)
    expect(await next()).toBe('session-1')
    expect(events).toEqual(['session opened'])
    client.close(4001, 'bye')
    await recorded('session closed')
    expect(events).toEqual(['session opened', 'disconnect 4001 bye', 'session closed'])
  })

  it('reports a dropped connection as 1006', async () => {
    events.length = 0
    const { client, next } = await connect(`${base}/chat`)
    await next()
    client.terminate()
    await recorded('session closed')
    expect(events).toEqual(['session opened', 'disconnect 1006 ', 'session closed'])
  })

  it('closes with 1011 when the handler throws, logs the error, and keeps serving', async () => {
    const { client, closed } = await connect(`${base}/boom`)
    client.send('go')
    expect(await closed).toEqual({ code: 1011, reason: 'Internal Server Error' })
    const logged = lines.find((line) => line.msg === 'WebSocket handler failed')
    expect(logged?.err.message).toBe('handler exploded')
    expect(logged?.route).toBe('/boom')
    const again = await connect(`${base}/small`)
    again.client.send('ok')
    expect(await again.next()).toBe('got ok')
  })

  it('closes with 1009 when a message exceeds maxMessageSize', async () => {
    const { client, next, closed } = await connect(`${base}/small`)
    client.send('12345678')
    expect(await next()).toBe('got 12345678')
    client.send('123456789')
    expect((await closed).code).toBe(1009)
  })

  it('drops a client that stops answering pings', async () => {
    events.length = 0
    const client = new Client(`${base}/ping`, { autoPong: false })
    const closed = new Promise<number>((resolve) => client.once('close', (code) => resolve(code)))
    expect(await within(closed)).toBe(1006)
    await recorded('ping ended')
  })

  it('keeps a client that answers pings', async () => {
    const { client } = await connect(`${base}/ping`)
    await new Promise((resolve) => setTimeout(resolve, 250))
    expect(client.readyState).toBe(Client.OPEN)
    client.close()
  })
})
