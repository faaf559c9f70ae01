import type { IncomingMessage, Server, ServerResponse } from 'node:http'
import { createRequire } from 'node:module'
import type { AddressInfo } from 'node:net'
import type { App } from '../app.ts'
import type { AccessLogOption } from '../pipeline/access-log-format.ts'
import type { Delivery, ResponseSink, Watch } from '../pipeline/sink.ts'
import type { HTTPResponse } from '../response.ts'
import { isWebSocketUpgrade } from '../websocket/handshake.ts'
import { answerClientError, deliveryOf } from './client-error.ts'
import { connectionTimeouts } from './connection-timeouts.ts'
import { NodeRequest, type NodeRequestSettings } from './node-request.ts'
import { TrustedProxies } from './proxy-headers.ts'
import { drainServer } from './shutdown.ts'
import { WebSocketUpgrades } from './websocket-upgrades.ts'
import { writeResponse } from './write.ts'

// Required, not imported: an ES module import of node:http builds a facade that reads every export,
// and its WebSocket getters load Node's bundled undici (~20-35 ms at startup, measured).
const { createServer } = createRequire(import.meta.url)('node:http') as typeof import('node:http')

/** Options of `listen()`. The defaults are safe for a service exposed to the internet. */
export interface ListenOptions {
  /** Default 8000 (uvicorn's). 0 picks a free port. */
  port?: number
  /** Default `127.0.0.1`; `0.0.0.0` to accept from other machines. */
  host?: string
  /**
   * Serve on an already bound socket, by file descriptor, instead of binding `host:port`: one
   * inherited from a supervisor (systemd socket activation passes fd 3; `wharf run --workers N`
   * passes its workers the one socket they share). `host` then only names it in `url`.
   */
  fd?: number
  /**
   * The accept queue length. Node's default (511) overflows when thousands of clients connect at once,
   * and the overflowed ones wait for a SYN retry (1 s, then 3 s): Wharf asks for 65535 (the kernel caps it
   * at `net.core.somaxconn`).
   */
  backlog?: number
  /**
   * Idle keep-alive connections are closed after this many ms (advertised in `Keep-Alive: timeout=N`;
   * the socket is closed 0.5 s later, so a client reusing it right at N does not race the close).
   * Default 5000 (uvicorn's).
   */
  keepAliveTimeout?: number
  /**
   * A request (headers and body) must arrive within this many ms, else 408 `{"detail":"Request Timeout"}`
   * and the connection is closed (a slow body included, while the handler waits for it; a response
   * already started is cut instead). Enforced within 0.5 s. Default 60000; 0 turns it off.
   */
  requestTimeout?: number
  /**
   * The headers must arrive within this many ms (slowloris guard), else 408 and close. Enforced within
   * 0.5 s. Default 10000, or `requestTimeout` if shorter.
   */
  headersTimeout?: number
  /** Larger request headers get 431. Default 16384 bytes. */
  maxHeaderSize?: number
  /**
   * Peers whose `X-Forwarded-For` / `X-Forwarded-Proto` are believed: comma-separated IPs and CIDR
   * ranges, or `*`. Unset (the default): those headers are ignored.
   */
  trustedProxies?: string
  /** A path prefix a reverse proxy serves the app under (`/api`); stripped from request paths that carry it. */
  rootPath?: string
  /** At most this many requests in progress; beyond, 503 `{"detail":"Service Unavailable"}`. Default: no limit. */
  limitConcurrency?: number
  /** Give each request an id (`X-Request-ID` when sane, else a UUID), echo it back, put it on `ctx.log`. */
  requestId?: boolean
  /** Log one line per request (method, path, status, duration) on `app.log`. `true` or `json`: records on `app.log`; `common` / `combined`: text lines on stdout. Default false. */
  accessLog?: AccessLogOption
  /** `close()` lets requests in flight finish for this many ms, then cuts them. Default 30000. */
  shutdownTimeout?: number
}

/** A server started by `listen()`. */
export interface RunningServer {
  readonly server: Server
  readonly port: number
  readonly host: string
  /** `http://host:port`, for logs and tests. */
  readonly url: string
  /**
   * Graceful shutdown: stops accepting, closes idle connections, lets requests in flight finish (up to
   * `shutdownTimeout`), then runs `app.shutdown()` (background tasks, lifespans). Resolves when done.
   */
  close(): Promise<void>
}

/**
 * The node:http request listener for an app: the fast path (no WHATWG objects). It only translates:
 * the request view in, the response written out; the app's pipeline does the rest (and runs the
 * after-response work once the response is over).
 *
 * @example
 * http.createServer(nodeHandler(app)).listen(8000)
 */
export function nodeHandler(
  app: App<any, any>,
  options: ListenOptions = {},
): (req: IncomingMessage, res: ServerResponse) => void {
  const log = app.log
  const settings = requestSettings(options)
  const serve = app.pipeline().handler({
    requestId: options.requestId ?? app.config.requestId ?? false,
    accessLog: options.accessLog ?? app.config.accessLog ?? false,
    limitConcurrency: options.limitConcurrency,
  })
  return (req, res) => {
    serve(new NodeRequest(req, res, undefined, settings), (response, watch) =>
      sendNode(res, response, watch, log),
    )
  }
}

/**
 * Writes the response; when watched, resolves once the body is handed to the socket in full ('sent')
 * or once the response is out or the client gone ('over': the 'close' event).
 */
function sendNode(
  res: ServerResponse,
  response: HTTPResponse,
  watch: Watch,
  log: App['log'],
): ReturnType<ResponseSink> {
  let written: number | Promise<number>
  try {
    written = writeResponse(res, response, log)
  } catch (error) {
    failWrite(res, error, log)
    written = 0
  }
  if (written instanceof Promise) {
    written = written.catch((error) => {
      failWrite(res, error, log)
      return 0
    })
  }
  if (!watch) return undefined
  const bytes = written
  if (watch === 'sent') {
    if (typeof bytes === 'number') return Promise.resolve(handedOver(res, bytes))
    return bytes.then((count) => handedOver(res, count))
  }
  // 'over' for a complete body the socket already passed to the kernel in full: what Node's own
  // 'finish' would report a turn later, and 'close' a turn after that. Waiting for them cost 5-6% of a
  // GET /'s server CPU (side by side); only a body still queued (backpressure) or streaming waits.
  if (typeof bytes === 'number' && inKernel(res)) return Promise.resolve(handedOver(res, bytes))
  return new Promise<Delivery>((resolve) => {
    const over =
      typeof bytes === 'number'
        ? () => resolve(deliveryOf(res, bytes))
        : () => void bytes.then((count) => resolve(deliveryOf(res, count)))
    // 'close' comes once per response: `once` would wrap the listener in two more objects per request.
    if (res.closed) over()
    else res.on('close', over)
  })
}

/** What a response whose body went to the socket in full reports (nobody reads `aborted` at 'sent'). */
/** True when the response ended and its socket holds nothing unwritten: every byte is the kernel's. */
function inKernel(res: ServerResponse): boolean {
  return res.writableEnded && !res.destroyed && res.socket !== null && res.socket.writableLength === 0
}

function handedOver(res: ServerResponse, bytes: number): Delivery {
  return { status: res.statusCode, bytes, aborted: res.destroyed && !res.writableFinished }
}

/**
 * A response that cannot be written (a header value with a newline, say) must not crash the process:
 * log it, and answer 500 if nothing was sent yet.
 */
function failWrite(res: ServerResponse, error: unknown, log: App['log']): void {
  log.error({ err: error }, 'Writing the response failed')
  if (res.headersSent) {
    res.destroy()
    return
  }
  const body = '{"detail":"Internal Server Error"}'
  res.writeHead(500, { 'content-type': 'application/json', 'content-length': String(body.length) })
  res.end(body)
}

function requestSettings(options: ListenOptions): NodeRequestSettings {
  const rootPath = options.rootPath?.replace(/\/+$/, '')
  return {
    proxies: options.trustedProxies ? TrustedProxies.parse(options.trustedProxies) : undefined,
    rootPath: rootPath || undefined,
  }
}

/** Starts a node:http server for `app`; see `App.listen`. */
export async function listen(app: App<any, any>, options: ListenOptions = {}): Promise<RunningServer> {
  // Lifespan first: if startup fails, nothing listens.
  await app.startup()
  const handler = nodeHandler(app, options)
  const server = createServer(
    {
      ...connectionTimeouts(options),
      maxHeaderSize: options.maxHeaderSize ?? 16_384,
      // Other upgrades (h2c…) are served as plain HTTP requests.
      shouldUpgradeCallback: isWebSocketUpgrade,
    },
    handler,
  )
  // `Expect: 100-continue`: 100 goes out when the body is read, not before the app had its say.
  server.on('checkContinue', handler)
  server.on('clientError', answerClientError)
  const upgrades = new WebSocketUpgrades(app, {
    request: requestSettings(options),
    requestId: options.requestId ?? app.config.requestId ?? false,
  })
  server.on('upgrade', upgrades.handle)
  const host = options.host ?? '127.0.0.1'
  await new Promise<void>((resolve, reject) => {
    server.once('error', (error) => {
      app.shutdown().finally(() => reject(error))
    })
    const backlog = options.backlog ?? 65_535
    const where = options.fd === undefined ? { port: options.port ?? 8000, host } : { fd: options.fd }
    server.listen({ ...where, backlog }, () => {
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
      const timeout = options.shutdownTimeout ?? 30_000
      // Upgraded sockets keep the server open until they end: close them (1001) while draining.
      const idleGrace = options.keepAliveTimeout ?? 5_000
      await Promise.all([drainServer(server, timeout, app.log, idleGrace), upgrades.close(timeout)])
      await app.shutdown()
    },
  }
}
