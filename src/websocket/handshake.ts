import type { IncomingMessage } from 'node:http'
import { createRequire } from 'node:module'
import type { Duplex } from 'node:stream'
import type { WebSocket as RawSocket, WebSocketServer } from 'ws'
import { statusText } from '../errors.ts'
import { CloseCode } from './close-codes.ts'
import { WebSocketDisconnect } from './errors.ts'

// ws (~14 MiB with its dependencies) is loaded when the first WebSocket route is built, so apps
// without one never pay for it.
const require = createRequire(import.meta.url)
const loadWs = () => require('ws') as typeof import('ws')

/** The subprotocol `accept()` chose, per upgrade request, read back by ws during the handshake. */
const chosenProtocols = new WeakMap<IncomingMessage, string>()

/**
 * A ws server that only performs handshakes (no listening, no client tracking) for one message-size
 * limit. ws asks `handleProtocols` which subprotocol to answer; the handler's `accept()` decided it.
 */
export function handshakeServer(maxMessageSize: number): WebSocketServer {
  const { WebSocketServer: Server } = loadWs()
  return new Server({
    noServer: true,
    clientTracking: false,
    maxPayload: maxMessageSize,
    handleProtocols: (_offered, req) => chosenProtocols.get(req) ?? false,
  })
}

/** The upgrade headers ws would refuse: checked before any handler code runs for them. */
export function isValidUpgrade(req: IncomingMessage): boolean {
  const version = req.headers['sec-websocket-version']
  return (
    req.method === 'GET' &&
    typeof req.headers['sec-websocket-key'] === 'string' &&
    (version === '13' || version === '8')
  )
}

/**
 * Answers an upgrade request with a plain HTTP response instead of switching protocols (403 for an
 * unknown path, as FastAPI does; the status of an `HTTPException` raised before `accept()`).
 */
export function rejectUpgrade(
  socket: Duplex,
  status: number,
  detail: unknown = statusText(status),
  headers: Record<string, string> = {},
): void {
  if (!socket.writable) {
    socket.destroy()
    return
  }
  const body = JSON.stringify({ detail })
  const extra = Object.entries(headers)
    .map(([name, value]) => `${name}: ${value}\r\n`)
    .join('')
  // Destroyed once written, as node:http does with `connection: close`: the client may not hang up.
  socket.end(
    `HTTP/1.1 ${status} ${statusText(status)}\r\ncontent-type: application/json\r\ncontent-length: ${Buffer.byteLength(body)}\r\n${extra}connection: close\r\n\r\n${body}`,
    () => socket.destroy(),
  )
}

/**
 * One upgrade request waiting for the handler's decision: `complete()` switches protocols, `reject()`
 * answers with HTTP. The handler runs (parameters, dependencies) before either happens, so it can
 * refuse a client before the connection is established.
 */
export class Handshake {
  /** The subprotocols the client offered, in its order of preference. */
  readonly offered: readonly string[]

  constructor(
    readonly req: IncomingMessage,
    readonly socket: Duplex,
    private readonly head: Buffer,
    private readonly server: WebSocketServer,
  ) {
    const header = req.headers['sec-websocket-protocol']
    this.offered = header ? header.split(',').map((name) => name.trim()) : []
  }

  /**
   * Switches protocols and hands the connection to `open` synchronously, before any message can be
   * emitted; rejects with a 1006 disconnect if the client left before it completed.
   */
  complete(subprotocol: string | undefined, open: (raw: RawSocket) => void): Promise<void> {
    if (subprotocol !== undefined) chosenProtocols.set(this.req, subprotocol)
    return new Promise((resolve, reject) => {
      const gone = () => reject(new WebSocketDisconnect(CloseCode.abnormal))
      if (this.socket.destroyed) return gone()
      this.socket.once('close', gone)
      this.server.handleUpgrade(this.req, this.socket, this.head, (raw) => {
        this.socket.off('close', gone)
        open(raw)
        resolve()
      })
    })
  }

  reject(status: number, detail?: unknown, headers?: Record<string, string>): void {
    rejectUpgrade(this.socket, status, detail, headers)
  }
}

/** node:http's `shouldUpgradeCallback`: only WebSocket upgrades leave the HTTP request path. */
export function isWebSocketUpgrade(req: IncomingMessage): boolean {
  return req.headers.upgrade?.toLowerCase() === 'websocket'
}
