import type { IncomingHttpHeaders } from 'node:http'
import type { App } from './app.ts'
import { collectBody, limitBody } from './params/body.ts'
import { encodeMultipart, type TestUpload } from './params/multipart/encode.ts'
import type { RequestHandler } from './pipeline/pipeline.ts'
import type { Delivery } from './pipeline/sink.ts'
import type { RequestView } from './request.ts'
import { FileBody, type HTTPResponse } from './response.ts'
import { WebSocketUpgrades } from './server/websocket-upgrades.ts'
import { connectInMemory, type TestWebSocket } from './websocket/test-client.ts'

export type { TestUpload } from './params/multipart/encode.ts'
export { TestWebSocket, WebSocketDenied } from './websocket/test-client.ts'

/** Options of one TestClient request. */
export interface TestRequestOptions {
  /** Query parameters; arrays repeat the key. */
  query?: Record<string, string | number | boolean | (string | number | boolean)[]>
  headers?: Record<string, string | string[]>
  /** Sent as JSON with `content-type: application/json`. */
  json?: unknown
  /** Sent as `application/x-www-form-urlencoded`, or as text fields of `multipart/form-data` with `files`. */
  form?: Record<string, string | string[]>
  /**
   * Files, sent as `multipart/form-data` (with `form`'s fields), as FastAPI's `files=`: by field name,
   * `{ filename, content, contentType }` or a `Blob`/`File`, or an array of them for several files.
   */
  files?: Record<string, TestUpload | TestUpload[]>
  /** A raw body, sent as is (set the content type yourself). */
  body?: string | Uint8Array
  cookies?: Record<string, string>
  /** Abort the request, as a client going away would. */
  signal?: AbortSignal
}

/** Options of `websocketConnect`: what the client sends with its handshake. */
export interface TestWebSocketOptions {
  query?: TestRequestOptions['query']
  headers?: Record<string, string>
  cookies?: Record<string, string>
  /** Offered in `Sec-WebSocket-Protocol`, in order of preference. */
  subprotocols?: string[]
}

/** A response as the test sees it: status, lower-case headers, and the whole body. */
export interface TestResponse {
  status: number
  headers: Record<string, string | string[]>
  body: Buffer
  text: string
  /** The body parsed as JSON. */
  json<T = any>(): T
}

class MemoryRequest implements RequestView {
  readonly scheme = 'http'
  readonly remoteAddress = '127.0.0.1'
  id: string | undefined = undefined

  constructor(
    readonly method: string,
    readonly url: string,
    readonly headers: IncomingHttpHeaders,
    private readonly payload: Buffer | undefined,
    readonly signal: AbortSignal,
  ) {}

  readBody(limit: number): Promise<Buffer> {
    const chunks = this.payload ? [this.payload] : []
    return collectBody(chunks, this.headers['content-length'] as string | undefined, limit)
  }

  bodyStream(limit: number): AsyncIterable<Buffer> {
    const chunks = this.payload ? [this.payload] : []
    return limitBody(chunks, this.headers['content-length'] as string | undefined, limit)
  }
}

function queryString(query: TestRequestOptions['query']): string {
  if (!query) return ''
  const params = new URLSearchParams()
  for (const [key, value] of Object.entries(query)) {
    for (const item of Array.isArray(value) ? value : [value]) params.append(key, String(item))
  }
  const text = params.toString()
  return text ? `?${text}` : ''
}

function cookieHeader(cookies: Record<string, string>): string {
  return Object.entries(cookies)
    .map(([name, value]) => `${name}=${encodeURIComponent(value)}`)
    .join('; ')
}

async function encodeBody(options: TestRequestOptions): Promise<{ payload?: Buffer; type?: string }> {
  if (options.files !== undefined) return encodeMultipart(options.form ?? {}, options.files)
  if (options.json !== undefined)
    return { payload: Buffer.from(JSON.stringify(options.json)), type: 'application/json' }
  if (options.form !== undefined) {
    const params = new URLSearchParams()
    for (const [key, value] of Object.entries(options.form)) {
      for (const item of Array.isArray(value) ? value : [value]) params.append(key, item)
    }
    return { payload: Buffer.from(params.toString()), type: 'application/x-www-form-urlencoded' }
  }
  if (options.body !== undefined) return { payload: Buffer.from(options.body) }
  return {}
}

/**
 * Calls an app in-process, through the same core handler as production, with no socket. Like
 * FastAPI's TestClient; an unhandled error still comes back as the 500 a client would see.
 *
 * @example
 * const client = new TestClient(app)
 * const res = await client.get('/items/1', { query: { q: 'x' } })
 * expect(res.status).toBe(200)
 * expect(res.json()).toEqual({ id: 1, q: 'x' })
 */
export class TestClient {
  private upgrades: WebSocketUpgrades | undefined
  private serve: RequestHandler | undefined

  constructor(readonly app: App<any, any>) {}

  /**
   * Runs the app's lifespan startup, like entering FastAPI's `with TestClient(app)`. Pair it with
   * `shutdown()`, or use `await using client = await new TestClient(app).startup()`.
   */
  async startup(): Promise<this> {
    await this.app.startup()
    return this
  }

  /** Closes open WebSockets (1001), waits for background work, runs lifespan shutdown and app-scoped teardown. */
  async shutdown(): Promise<void> {
    await this.upgrades?.close(this.app.config.shutdownTimeout ?? 10_000)
    await this.app.shutdown()
  }

  /**
   * Opens a WebSocket to the app in-process (FastAPI's `client.websocket_connect`): a real handshake
   * and real frames over an in-memory stream, no port. Rejects with `WebSocketDenied` when the app
   * refuses the handshake with HTTP (403 for an unknown path).
   *
   * @example
   * await using ws = await client.websocketConnect('/items/1', { query: { token: 'x' } })
   * await ws.sendJson({ n: 1 })
   * expect(await ws.receiveJson()).toEqual({ n: 2 })
   */
  websocketConnect(path: string, options: TestWebSocketOptions = {}): Promise<TestWebSocket> {
    this.upgrades ??= new WebSocketUpgrades(this.app, { request: {}, requestId: false })
    const headers: Record<string, string> = {}
    for (const [name, value] of Object.entries(options.headers ?? {})) headers[name.toLowerCase()] = value
    if (options.cookies) headers.cookie = cookieHeader(options.cookies)
    const target = path + queryString(options.query)
    return connectInMemory(this.upgrades.handle, target, headers, options.subprotocols ?? [])
  }

  async [Symbol.asyncDispose](): Promise<void> {
    await this.shutdown()
  }

  async request(method: string, path: string, options: TestRequestOptions = {}): Promise<TestResponse> {
    const { payload, type } = await encodeBody(options)
    const headers: IncomingHttpHeaders = { host: 'testserver' }
    if (type) headers['content-type'] = type
    if (payload) headers['content-length'] = String(payload.length)
    if (options.cookies) headers.cookie = cookieHeader(options.cookies)
    for (const [name, value] of Object.entries(options.headers ?? {})) headers[name.toLowerCase()] = value
    const upper = method.toUpperCase()
    const signal = options.signal ?? new AbortController().signal
    const request = new MemoryRequest(upper, path + queryString(options.query), headers, payload, signal)
    const { response, body } = await this.exchange(request, upper === 'HEAD', signal)
    const text = body.toString('utf8')
    return {
      status: response.status,
      // Header names are case-insensitive; an HTTPException may set `WWW-Authenticate` as FastAPI code does.
      headers: Object.fromEntries(
        Object.entries(response.headers).map(([name, value]) => [name.toLowerCase(), value]),
      ),
      body,
      text,
      json: () => JSON.parse(text),
    }
  }

  /** Runs the request through the app's pipeline, as a socket would, and reads the whole body. */
  private exchange(
    request: MemoryRequest,
    head: boolean,
    signal: AbortSignal,
  ): Promise<{ response: HTTPResponse; body: Buffer }> {
    const { requestId, accessLog } = this.app.config
    this.serve ??= this.app
      .pipeline()
      .handler({ requestId: requestId ?? false, accessLog: accessLog ?? false })
    return new Promise((resolve, reject) => {
      this.serve!(request, (response, watch) => {
        const reading = head ? Promise.resolve(Buffer.alloc(0)) : readAll(response.body, signal)
        reading.then((body) => resolve({ response, body }), reject)
        const over = reading.then(
          (body): Delivery => ({ status: response.status, bytes: body.length, aborted: signal.aborted }),
          (): Delivery => ({ status: response.status, bytes: 0, aborted: true }),
        )
        // As over a socket, teardown and background tasks start once the client has the response.
        return watch
          ? over.then((delivery) => new Promise((next) => setImmediate(next, delivery)))
          : undefined
      })
    })
  }

  get(path: string, options?: TestRequestOptions) {
    return this.request('GET', path, options)
  }
  head(path: string, options?: TestRequestOptions) {
    return this.request('HEAD', path, options)
  }
  post(path: string, options?: TestRequestOptions) {
    return this.request('POST', path, options)
  }
  put(path: string, options?: TestRequestOptions) {
    return this.request('PUT', path, options)
  }
  patch(path: string, options?: TestRequestOptions) {
    return this.request('PATCH', path, options)
  }
  delete(path: string, options?: TestRequestOptions) {
    return this.request('DELETE', path, options)
  }
  options(path: string, options?: TestRequestOptions) {
    return this.request('OPTIONS', path, options)
  }
}

async function readAll(body: unknown, signal: AbortSignal): Promise<Buffer> {
  if (body === null || body === undefined) return Buffer.alloc(0)
  if (typeof body === 'string') return Buffer.from(body)
  if (body instanceof Uint8Array) return Buffer.from(body)
  if (body instanceof FileBody) throw new Error('unreachable: the app resolves file bodies')
  const parts: Buffer[] = []
  const iterator = (body as AsyncIterable<string | Uint8Array>)[Symbol.asyncIterator]()
  for (;;) {
    if (signal.aborted) {
      await iterator.return?.()
      break
    }
    const step = await iterator.next()
    if (step.done) break
    parts.push(Buffer.from(step.value))
  }
  return Buffer.concat(parts)
}
