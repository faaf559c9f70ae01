import { createServer, type IncomingMessage } from 'node:http'
import { type Duplex, duplexPair } from 'node:stream'
import { WebSocket as Client } from 'ws'
import { CloseCode } from './close-codes.ts'
import { bytesOf, jsonOf, textOf } from './decode.ts'
import { WebSocketDisconnect } from './errors.ts'
import { Inbox } from './inbox.ts'

/**
 * The app refused the handshake with an HTTP response (an unknown path's 403, an `HTTPException` from
 * a dependency), like Starlette's `WebSocketDenialResponse`.
 *
 * @example
 * await expect(client.websocketConnect('/nowhere')).rejects.toMatchObject({ status: 403 })
 */
export class WebSocketDenied extends Error {
  constructor(
    readonly status: number,
    /** The response body, as text (`{"detail":"Forbidden"}`). */
    readonly body: string,
  ) {
    super(`The WebSocket handshake was refused with HTTP ${status}: ${body}`)
    this.name = 'WebSocketDenied'
  }
}

/**
 * The client side of a WebSocket opened by `TestClient.websocketConnect`, with the same `receive*` /
 * `send*` methods as the server's `ctx.ws`. Once the app closes the connection, `receive*()` throws
 * `WebSocketDisconnect` with the app's code, as FastAPI's test client does.
 *
 * @example
 * await using ws = await client.websocketConnect('/echo')
 * await ws.sendText('hello')
 * expect(await ws.receiveText()).toBe('echo: hello')
 */
export class TestWebSocket {
  /** Resolves with how the connection ended (the code and reason of the close). */
  readonly closed: Promise<WebSocketDisconnect>
  private readonly inbox: Inbox

  constructor(private readonly client: Client) {
    const inbox = new Inbox(client)
    this.inbox = inbox
    client.on('message', (data, binary) => inbox.push({ data: data as Buffer, binary }))
    this.closed = new Promise((resolve) =>
      client.once('close', (code, reason) => {
        const disconnect = new WebSocketDisconnect(code, reason.toString('utf8'))
        inbox.end(disconnect)
        resolve(disconnect)
      }),
    )
  }

  /** The subprotocol the app accepted, if any. */
  get protocol(): string | undefined {
    return this.client.protocol || undefined
  }

  async receiveText(): Promise<string> {
    return textOf(await this.inbox.next())
  }

  async receiveBytes(): Promise<Buffer> {
    return bytesOf(await this.inbox.next())
  }

  async receiveJson<T = any>(): Promise<T> {
    return jsonOf<T>(await this.inbox.next())
  }

  private send(data: string | Uint8Array, binary: boolean): Promise<void> {
    return new Promise((resolve, reject) =>
      this.client.send(data, { binary }, (error) => (error ? reject(error) : resolve())),
    )
  }

  sendText(text: string): Promise<void> {
    return this.send(text, false)
  }

  sendBytes(data: Uint8Array): Promise<void> {
    return this.send(data, true)
  }

  sendJson(value: unknown): Promise<void> {
    return this.send(JSON.stringify(value), false)
  }

  /** Closes from the client side and resolves once the app answered the close. */
  close(code: number = CloseCode.normal, reason = ''): Promise<WebSocketDisconnect> {
    if (this.client.readyState === Client.OPEN) this.client.close(code, reason)
    return this.closed
  }

  async [Symbol.asyncDispose](): Promise<void> {
    await this.close()
  }
}

/** node:http's `'upgrade'` listener shape. */
export type UpgradeListener = (req: IncomingMessage, socket: Duplex, head: Buffer) => void

/**
 * Opens a WebSocket to an upgrade listener over an in-memory stream pair: a real ws client and a real
 * node:http handshake parser, but no port. Resolves once the handshake completed; rejects with
 * `WebSocketDenied` when the app answered with HTTP instead.
 */
export function connectInMemory(
  handle: UpgradeListener,
  target: string,
  headers: Record<string, string>,
  subprotocols: string[],
): Promise<TestWebSocket> {
  // Never listens: it only parses the handshake request written into the in-memory stream.
  const parser = createServer()
  parser.on('upgrade', handle)
  const [near, far] = duplexPair()
  const client = new Client(`ws://testserver${target}`, subprotocols, {
    headers,
    createConnection: () => {
      parser.emit('connection', far)
      return near as never
    },
  })
  // Listening from the start: a message sent right after the handshake is kept for receive*().
  const socket = new TestWebSocket(client)
  return new Promise((resolve, reject) => {
    client.once('open', () => resolve(socket))
    client.once('error', reject)
    client.once('unexpected-response', (request, response) => {
      let body = ''
      response.setEncoding('utf8')
      response.on('data', (chunk: string) => {
        body += chunk
      })
      response.on('end', () => {
        // Hang up as a TCP client would; an in-memory pair does not always carry that to the app's end.
        request.destroy()
        near.destroy()
        far.destroy()
        reject(new WebSocketDenied(response.statusCode ?? 0, body))
      })
    })
  })
}
