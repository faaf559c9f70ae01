/**
 * The demo's WebSocket route: an echo with a name from the query. WebSocket routes are not part of
 * OpenAPI, so /docs does not list it; try it with `npx wscat -c ws://127.0.0.1:8000/ws/echo?name=ann`.
 */
import { type App, t } from 'wharfjs'

/** `/ws/echo?name=`: greets, then echoes every text message until the client closes. */
export function addEcho(app: App): void {
  app.websocket(
    '/ws/echo',
    { query: { name: t.String({ minLength: 1, maxLength: 40, default: 'stranger' }) } },
    async ({ ws, query }) => {
      await ws.accept()
      await ws.sendText(`hello, ${query.name}`)
      for await (const message of ws) await ws.sendText(`echo: ${message}`)
    },
  )
}
