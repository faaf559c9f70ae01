import { describe, expect, it } from 'vitest'
import { App, Depends, t, WebSocketDisconnect, WharfError } from 'wharfjs'
import { connect, within } from './client.ts'

describe('server close with open WebSockets', () => {
  it('closes them with 1001, lets handlers finish and tears down before app shutdown', async () => {
    const events: string[] = []
    const resource = Depends(async function* resource() {
      yield 'r'
      events.push('teardown')
    })
    const app = new App({
      logger: false,
      lifespan: async function* () {
        yield
        events.push('lifespan shutdown')
      },
    })
    app.websocket('/live', { deps: { resource } }, async ({ ws }) => {
      await ws.accept()
      await ws.sendText('ready')
      try {
        await ws.receiveText()
      } catch (error) {
        if (error instanceof WebSocketDisconnect) events.push(`handler saw ${error.code}`)
      }
    })
    const server = await app.listen({ port: 0 })
    const { next, closed } = await connect(`ws://127.0.0.1:${server.port}/live`)
    expect(await next()).toBe('ready')
    const started = Date.now()
    await within(server.close())
    expect(Date.now() - started).toBeLessThan(2_000)
    expect(await closed).toEqual({ code: 1001, reason: 'Server shutting down' })
    expect(events).toEqual(['handler saw 1001', 'teardown', 'lifespan shutdown'])
  })

  it('creates app-scoped startup dependencies of WebSocket routes at startup', async () => {
    const events: string[] = []
    const pool = Depends(
      async function* pool() {
        events.push('pool created')
        yield 'pool'
        events.push('pool closed')
      },
      { scope: 'app', startup: true },
    )
    const app = new App({ logger: false })
    app.websocket('/live', { deps: { pool } }, async ({ ws, deps }) => {
      await ws.accept()
      await ws.sendText(deps.pool)
    })
    const server = await app.listen({ port: 0 })
    expect(events).toEqual(['pool created'])
    const { next } = await connect(`ws://127.0.0.1:${server.port}/live`)
    expect(await next()).toBe('pool')
    await within(server.close())
    expect(events).toEqual(['pool created', 'pool closed'])
  })
})

describe('WebSocket route configuration', () => {
  it('is checked when the app is built, like HTTP routes', () => {
    const app = new App({ logger: false })
    app.websocket('/items', { path: { id: t.Integer() } }, () => {})
    expect(() => app.build()).toThrow(WharfError)
    expect(() => app.build()).toThrow(
      'WHARF_ROUTE_PARAM_MISMATCH: GET /items: path parameter "id" is declared but the path has no {id}',
    )
  })
})
