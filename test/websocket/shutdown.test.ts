import { describe, expect, it } from 'vitest'
import { App, Depends, WebSocketDisconnect } from 'wharf'
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
})
