import type { IncomingMessage } from 'node:http'
import type { Duplex } from 'node:stream'
import type { App } from '../app.ts'
import type { Context } from '../context.ts'
import { requestIdOf } from '../pipeline/request-id.ts'
import { CloseCode } from '../websocket/close-codes.ts'
import { Handshake, isValidUpgrade, rejectUpgrade } from '../websocket/handshake.ts'
import type { WebSocketRoutes } from '../websocket/routes.ts'
import { runSession } from '../websocket/session.ts'
import { WebSocket } from '../websocket/socket.ts'
import type { NodeRequestSettings } from './node-request.ts'
import { UpgradeRequest } from './upgrade-request.ts'

/** Settings shared with the HTTP side of the server. */
export interface UpgradeSettings {
  request: NodeRequestSettings
  requestId: boolean
}

/**
 * The node:http `'upgrade'` listener for an app's WebSocket routes, and the connections it holds, so
 * that the server's `close()` can end them (1001) and wait for their handlers and teardown.
 *
 * @example
 * const upgrades = new WebSocketUpgrades(app, { request: {}, requestId: false })
 * server.on('upgrade', upgrades.handle)
 * await upgrades.close(30_000)
 */
export class WebSocketUpgrades {
  private readonly routes: WebSocketRoutes
  private readonly sessions = new Map<WebSocket, Promise<void>>()
  private readonly sockets = new Set<Duplex>()
  private closing = false

  constructor(
    private readonly app: App<any, any>,
    private readonly settings: UpgradeSettings,
  ) {
    this.routes = app.webSocketRoutes()
  }

  readonly handle = (req: IncomingMessage, socket: Duplex, head: Buffer): void => {
    // A reset arrives as 'error' then 'close'; unheard, the 'error' would crash the process.
    socket.on('error', () => {})
    if (this.closing) {
      rejectUpgrade(socket, 503)
      return
    }
    if (!isValidUpgrade(req)) {
      rejectUpgrade(socket, 400)
      return
    }
    const { request: requestSettings, requestId } = this.settings
    const request = new UpgradeRequest(req, socket, requestSettings)
    if (requestId) request.id = requestIdOf(req.headers)
    const match = this.routes.find(request.url)
    // FastAPI refuses the handshake of an unknown WebSocket path with 403.
    if (match === undefined) {
      rejectUpgrade(socket, 403)
      return
    }
    const ws = new WebSocket(new Handshake(req, socket, head, match.server), match.pingInterval)
    const exchange = this.app.pipeline().open(request)
    const ctx = exchange.ctx as Context & { ws: WebSocket }
    ctx.route = match.plan.definition.path
    ctx.search = match.search
    ctx.ws = ws
    this.sockets.add(socket)
    socket.once('close', () => this.sockets.delete(socket))
    this.sessions.set(
      ws,
      runSession(match, exchange, ws).finally(() => this.sessions.delete(ws)),
    )
  }

  /**
   * Refuses new connections, closes open ones with 1001 (going away), and waits up to `timeout` ms for
   * their handlers, teardown and closing handshakes; whatever is still open then is cut.
   */
  async close(timeout: number): Promise<void> {
    this.closing = true
    for (const ws of this.sessions.keys())
      ws.close(CloseCode.goingAway, 'Server shutting down').catch(() => {})
    const sockets = [...this.sockets].map(
      (socket) =>
        new Promise<void>((resolve) =>
          socket.destroyed ? resolve() : socket.once('close', () => resolve()),
        ),
    )
    let timer: NodeJS.Timeout | undefined
    const expired = new Promise<void>((resolve) => {
      timer = setTimeout(resolve, timeout)
    })
    await Promise.race([Promise.all([...this.sessions.values(), ...sockets]), expired])
    clearTimeout(timer)
    for (const socket of this.sockets) socket.destroy()
  }
}
