import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import type { AddressInfo, Socket } from 'node:net'
import type { App } from '../app.ts'
import { NodeRequest } from './node-request.ts'
import { writeResponse } from './write.ts'

/** Options of `listen()`. The defaults are safe for a service exposed to the internet. */
export interface ListenOptions {
  /** Default 8000 (uvicorn's). 0 picks a free port. */
  port?: number
  /** Default `127.0.0.1`; `0.0.0.0` to accept from other machines. */
  host?: string
  /**
   * The accept queue length. Node's default (511) overflows when thousands of clients connect at once,
   * and the overflowed ones wait for a SYN retry (1 s, then 3 s): Wharf asks for 65535 (the kernel caps it
   * at `net.core.somaxconn`).
   */
  backlog?: number
  /** Idle keep-alive connections are closed after this many ms. Default 5000 (uvicorn's). */
  keepAliveTimeout?: number
  /** A request (headers and body) must arrive within this many ms. Default 60000. */
  requestTimeout?: number
  /** The headers must arrive within this many ms (slowloris guard). Default 20000. */
  headersTimeout?: number
  /** Larger request headers get 431. Default 16384 bytes. */
  maxHeaderSize?: number
}

/** A server started by `listen()`. */
export interface RunningServer {
  readonly server: Server
  readonly port: number
  readonly host: string
  /** `http://host:port`, for logs and tests. */
  readonly url: string
  /** Stops accepting, closes idle connections, and resolves once every connection is closed. */
  close(): Promise<void>
}

const CLIENT_ERRORS: Record<string, [number, string]> = {
  HPE_HEADER_OVERFLOW: [431, 'Request Header Fields Too Large'],
  ERR_HTTP_REQUEST_TIMEOUT: [408, 'Request Timeout'],
}

/** Malformed requests that never reach the app still get a JSON error in the documented shape. */
function answerClientError(error: NodeJS.ErrnoException, socket: Socket): void {
  if (!socket.writable || error.code === 'ECONNRESET') {
    socket.destroy()
    return
  }
  const [status, detail] = CLIENT_ERRORS[error.code ?? ''] ?? [400, 'Bad Request']
  const body = JSON.stringify({ detail })
  socket.end(
    `HTTP/1.1 ${status} ${detail}\r\ncontent-type: application/json\r\ncontent-length: ${body.length}\r\nconnection: close\r\n\r\n${body}`,
  )
}

/**
 * The node:http request listener for an app: the fast path (no WHATWG objects).
 *
 * @example
 * http.createServer(nodeHandler(app)).listen(8000)
 */
export function nodeHandler(app: App<any, any>): (req: IncomingMessage, res: ServerResponse) => void {
  app.build()
  const log = app.log
  return (req, res) => {
    app.handle(new NodeRequest(req, res)).then(
      (response) => {
        const { afterSend } = response
        // 'close' fires once the response is out or the client is gone: either way, teardown may run.
        if (afterSend) {
          if (res.closed) afterSend()
          else res.once('close', afterSend)
        }
        return writeResponse(res, response, log)
      },
      (error) => {
        log.error({ err: error }, 'Request handling failed outside the app')
        res.destroy()
      },
    )
  }
}

/** Starts a node:http server for `app`; see `App.listen`. */
export async function listen(app: App<any, any>, options: ListenOptions = {}): Promise<RunningServer> {
  // Lifespan first: if startup fails, nothing listens.
  await app.startup()
  const server = createServer(
    {
      keepAliveTimeout: options.keepAliveTimeout ?? 5_000,
      requestTimeout: options.requestTimeout ?? 60_000,
      headersTimeout: options.headersTimeout ?? 20_000,
      maxHeaderSize: options.maxHeaderSize ?? 16_384,
    },
    nodeHandler(app),
  )
  server.on('clientError', answerClientError)
  const host = options.host ?? '127.0.0.1'
  await new Promise<void>((resolve, reject) => {
    server.once('error', (error) => {
      app.shutdown().finally(() => reject(error))
    })
    server.listen({ port: options.port ?? 8000, host, backlog: options.backlog ?? 65_535 }, () => {
      server.removeAllListeners('error')
      resolve()
    })
  })
  const { port } = server.address() as AddressInfo
  const urlHost = host.includes(':') ? `[${host}]` : host
  return {
    server,
    port,
    host,
    url: `http://${urlHost}:${port}`,
    close: async () => {
      await new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()))
        server.closeIdleConnections()
      })
      await app.shutdown()
    },
  }
}
