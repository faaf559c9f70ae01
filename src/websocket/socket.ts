import type { WebSocket as RawSocket } from 'ws'
import { CloseCode } from './close-codes.ts'
import { bytesOf, jsonOf, textOf } from './decode.ts'
import { WebSocketDisconnect } from './errors.ts'
import type { Handshake } from './handshake.ts'
import { Inbox, type Message } from './inbox.ts'
import { keepAlive } from './keepalive.ts'

/** `connecting` until `accept()` (or a refusal), `open` until either side closes, then `closed`. */
export type WebSocketState = 'connecting' | 'open' | 'closed'

/**
 * The server side of one WebSocket connection, as a handler sees it (`ctx.ws`), with FastAPI's
 * methods. Nothing is sent until the handler calls `accept()`; `receive*()` waits for the next
 * message and throws `WebSocketDisconnect` once the connection is closed.
 *
 * @example
 * app.websocket('/echo', async ({ ws }) => {
 *   await ws.accept()
 *   for await (const message of ws) await ws.sendText(`echo: ${message}`)
 * })
 */
export class WebSocket {
  /** The subprotocol `accept()` chose, if any. */
  protocol: string | undefined
  private current: WebSocketState = 'connecting'
  private accepting = false
  private raw: RawSocket | undefined
  private inbox: Inbox | undefined
  private disconnect: WebSocketDisconnect | undefined
  private stopKeepAlive: () => void = () => {}

  constructor(
    private readonly handshake: Handshake,
    private readonly pingInterval: number,
  ) {}

  get state(): WebSocketState {
    return this.current
  }

  /** The subprotocols the client offered (`Sec-WebSocket-Protocol`), in its order of preference. */
  get subprotocols(): readonly string[] {
    return this.handshake.offered
  }

  /**
   * Completes the handshake, optionally choosing one of the client's subprotocols. Throws
   * `WebSocketDisconnect` (1006) if the client left meanwhile.
   */
  async accept(subprotocol?: string): Promise<void> {
    if (this.disconnect) throw this.disconnect
    if (this.accepting) throw new Error('accept() was already called')
    if (subprotocol !== undefined && !this.subprotocols.includes(subprotocol))
      throw new Error(`The client did not offer the subprotocol "${subprotocol}"`)
    this.accepting = true
    try {
      // Attached inside ws's callback: a message right behind the handshake must find the listeners.
      await this.handshake.complete(subprotocol, (raw) => this.attach(raw))
    } catch (error) {
      if (error instanceof WebSocketDisconnect) this.end(error)
      throw error
    }
    const closedMeanwhile = this.disconnect as WebSocketDisconnect | undefined
    if (closedMeanwhile) throw closedMeanwhile
  }

  private attach(raw: RawSocket): void {
    // Protocol errors (a message over the size limit…) are followed by 'close'; ws requires a listener.
    raw.on('error', () => {})
    // Closed while the handshake was on its way (server shutdown): finish the close now.
    if (this.disconnect) {
      raw.close(this.disconnect.code, this.disconnect.reason)
      return
    }
    this.raw = raw
    this.protocol = raw.protocol || undefined
    this.current = 'open'
    const inbox = new Inbox(raw)
    this.inbox = inbox
    raw.on('message', (data, binary) => inbox.push({ data: data as Buffer, binary }))
    raw.on('close', (code, reason) => this.end(new WebSocketDisconnect(code, reason.toString('utf8'))))
    this.stopKeepAlive = keepAlive(raw, this.pingInterval)
  }

  /** The first ending wins: after the server's own `close(code)`, readers see that code, not the echo. */
  private end(disconnect: WebSocketDisconnect): void {
    if (this.disconnect) return
    this.disconnect = disconnect
    this.current = 'closed'
    this.inbox?.end(disconnect)
    this.stopKeepAlive()
  }

  private receive(): Promise<Message> {
    if (this.inbox) return this.inbox.next()
    if (this.disconnect) return Promise.reject(this.disconnect)
    return Promise.reject(new Error('Call accept() before receiving'))
  }

  /** The next message, which must be a text frame. */
  async receiveText(): Promise<string> {
    return textOf(await this.receive())
  }

  /** The next message, which must be a binary frame. */
  async receiveBytes(): Promise<Buffer> {
    return bytesOf(await this.receive())
  }

  /**
   * The next message (text or binary) parsed as JSON; a `__proto__` key is refused, as for request
   * bodies. Not validated: check it with your schema.
   */
  async receiveJson<T = unknown>(): Promise<T> {
    return jsonOf<T>(await this.receive())
  }

  private send(data: string | Uint8Array, binary: boolean): Promise<void> {
    const raw = this.raw
    if (this.disconnect) return Promise.reject(this.disconnect)
    if (raw === undefined) return Promise.reject(new Error('Call accept() before sending'))
    // Resolves once the frame is handed to the socket: awaiting sends is the backpressure.
    return new Promise((resolve, reject) => {
      raw.send(data, { binary }, (error) => {
        if (error) reject(this.disconnect ?? new WebSocketDisconnect(CloseCode.abnormal))
        else resolve()
      })
    })
  }

  sendText(text: string): Promise<void> {
    return this.send(text, false)
  }

  sendBytes(data: Uint8Array): Promise<void> {
    return this.send(data, true)
  }

  /** Sends `JSON.stringify(value)` as a text frame (FastAPI's default `mode="text"`). */
  sendJson(value: unknown): Promise<void> {
    return this.send(JSON.stringify(value), false)
  }

  /**
   * Closes the connection with `code` (default 1000) and a reason of at most 123 UTF-8 bytes. Before
   * `accept()`, refuses the handshake with HTTP 403 instead, as FastAPI does. Closing twice is harmless.
   */
  async close(code: number = CloseCode.normal, reason = ''): Promise<void> {
    if (this.disconnect) return
    if (this.raw) this.raw.close(code, reason)
    else if (!this.accepting) this.handshake.reject(403)
    this.end(new WebSocketDisconnect(code, reason))
  }

  /**
   * Refuses the handshake with an HTTP response `{"detail": detail}` (Starlette's
   * `send_denial_response`): the client's connection attempt fails with that status. Only before `accept()`.
   */
  deny(status: number, detail?: unknown, headers?: Record<string, string>): void {
    if (this.accepting || this.disconnect) throw new Error('deny() is only possible before accept()')
    this.handshake.reject(status, detail, headers)
    this.end(new WebSocketDisconnect(CloseCode.policyViolation, 'Handshake refused'))
  }

  /** Yields each message (text as a string, binary as a Buffer) until the connection closes. */
  async *[Symbol.asyncIterator](): AsyncGenerator<string | Buffer, void, undefined> {
    for (;;) {
      let message: Message
      try {
        message = await this.receive()
      } catch (error) {
        if (error instanceof WebSocketDisconnect) return
        throw error
      }
      yield message.binary ? message.data : message.data.toString('utf8')
    }
  }
}
