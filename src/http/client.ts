import type { Dispatcher } from 'undici'
import { declaredLength, limitedChunks, readLimited } from './body-limit.ts'
import { type CallIdentity, classifyError } from './classify.ts'
import { CallSignal } from './deadline.ts'
import { HttpClientError, ResponseTooLargeError } from './errors.ts'
import { type ClientCallMessage, clientCalls } from './instrumentation.ts'
import type { HttpClientOptions, RequestOptions } from './options.ts'
import { type ConnectionPool, createPool } from './pool.ts'
import { encodeBody } from './request-body.ts'
import { ClientResponse, ClientStreamResponse, type ResponseHeaders } from './response.ts'
import { backoffDelay, isRetryableError, sleep, statusRetryDelay } from './retry.ts'
import { type CallSettings, callSettings, resolveClientSettings } from './settings.ts'
import { type BaseUrl, parseBaseUrl, resolveTarget } from './target.ts'

type OutgoingHeaders = Record<string, string | readonly string[]>

/** One call in flight: what a reader needs to turn undici's response into ours. */
interface Exchange {
  readonly identity: CallIdentity
  readonly settings: CallSettings
  readonly signal: CallSignal
  /** Set by a reader that keeps the call open past `send()` (a stream still being read). */
  handedOver: boolean
}

type Reader<R> = (data: Dispatcher.ResponseData, exchange: Exchange) => Promise<R> | R

/** Refuses a body whose declared length is already over the limit, before reading a byte of it. */
function checkDeclaredLength(data: Dispatcher.ResponseData, exchange: Exchange): void {
  // These carry no body whatever content-length says (HEAD reports the GET body's length).
  if (exchange.identity.method === 'HEAD' || data.statusCode === 204 || data.statusCode === 304) return
  const limit = exchange.settings.maxResponseSize
  const length = declaredLength(data.headers)
  if (length !== undefined && length > limit) {
    data.body.destroy()
    throw new ResponseTooLargeError(exchange.identity.method, exchange.identity.url, limit)
  }
}

const readWhole: Reader<ClientResponse> = async (data, exchange) => {
  checkDeclaredLength(data, exchange)
  const body = await readLimited(data.body, exchange.settings.maxResponseSize)
  const { method, url } = exchange.identity
  return new ClientResponse(data.statusCode, data.headers as ResponseHeaders, body, method, url)
}

const readAsStream: Reader<ClientStreamResponse> = (data, exchange) => {
  checkDeclaredLength(data, exchange)
  const { identity, signal } = exchange
  // The total deadline covers the wait for headers only: a stream may legitimately last long, and
  // its silences are bounded by the body timeout.
  signal.stopDeadline()
  exchange.handedOver = true
  const release = () => {
    if (!data.body.readableEnded) data.body.destroy()
    signal.release()
  }
  const chunks = limitedChunks(data.body, exchange.settings.maxResponseSize, {
    mapError: (error) => classifyError(error, identity),
    onFinish: () => signal.release(),
  })
  return new ClientStreamResponse(
    data.statusCode,
    data.headers as ResponseHeaders,
    chunks,
    release,
    identity.method,
    identity.url,
  )
}

/**
 * The outbound HTTP client, on undici: keep-alive pools per origin, a timeout per phase, retries for
 * idempotent methods, a response size limit, and cancellation through `signal`. Create one per app
 * (or per upstream) and share it: the pool is the point. Failures are typed errors (see `errors.ts`);
 * unhandled in a route, they answer 502 or 504.
 *
 * @example
 * import { HttpClient } from 'wharfjs/http'
 * const http = new HttpClient({ timeout: 5_000 })
 * app.get('/external-api', async ({ signal }) => {
 *   const res = await http.get('https://example.org/data', { signal })
 *   if (res.status !== 200) throw new HTTPException(res.status, 'Failed to fetch data')
 *   return res.json()
 * })
 * @see docs/http-client.md
 */
export class HttpClient {
  private readonly pool: ConnectionPool
  private readonly settings: CallSettings
  private readonly base: BaseUrl | undefined
  private readonly headers: OutgoingHeaders
  private closed = false

  constructor(options: HttpClientOptions = {}) {
    this.settings = resolveClientSettings(options)
    this.base = parseBaseUrl(options.baseUrl)
    const headers: Record<string, string> = {}
    for (const [name, value] of Object.entries(options.headers ?? {})) headers[name.toLowerCase()] = value
    this.headers = headers
    this.pool = createPool(options, this.settings.timeouts)
  }

  /**
   * Sends a call and reads the whole response body (up to `maxResponseSize`) before resolving. Any
   * status resolves: check `res.status` or call `res.raiseForStatus()`.
   *
   * @example
   * const res = await http.request('PATCH', '/items/1', { json: { price: 3 } })
   */
  request(method: string, url: string | URL, options: RequestOptions = {}): Promise<ClientResponse> {
    return this.send(method, url, options, readWhole)
  }

  /**
   * Sends a call and resolves as soon as the headers arrive, with the body unread: to stream it
   * through, or to read a large body chunk by chunk. The body must be read or cancelled.
   *
   * @example
   * await using res = await http.stream('GET', '/events', { signal })
   * for await (const chunk of res.body) process(chunk)
   */
  stream(method: string, url: string | URL, options: RequestOptions = {}): Promise<ClientStreamResponse> {
    return this.send(method, url, options, readAsStream)
  }

  /** `GET`; see `request()`. @example const res = await http.get('/items', { query: { limit: 10 } }) */
  get(url: string | URL, options?: RequestOptions): Promise<ClientResponse> {
    return this.send('GET', url, options ?? {}, readWhole)
  }

  /** `HEAD`; see `request()`. @example const { headers } = await http.head('/file') */
  head(url: string | URL, options?: RequestOptions): Promise<ClientResponse> {
    return this.send('HEAD', url, options ?? {}, readWhole)
  }

  /** `POST` (never retried unless `retries.methods` includes it). @example await http.post('/items', { json: item }) */
  post(url: string | URL, options?: RequestOptions): Promise<ClientResponse> {
    return this.send('POST', url, options ?? {}, readWhole)
  }

  /** `PUT`; see `request()`. @example await http.put('/items/1', { json: item }) */
  put(url: string | URL, options?: RequestOptions): Promise<ClientResponse> {
    return this.send('PUT', url, options ?? {}, readWhole)
  }

  /** `PATCH` (not idempotent: not retried by default). @example await http.patch('/items/1', { json: { price: 3 } }) */
  patch(url: string | URL, options?: RequestOptions): Promise<ClientResponse> {
    return this.send('PATCH', url, options ?? {}, readWhole)
  }

  /** `DELETE`; see `request()`. @example await http.delete('/items/1') */
  delete(url: string | URL, options?: RequestOptions): Promise<ClientResponse> {
    return this.send('DELETE', url, options ?? {}, readWhole)
  }

  /**
   * Closes the pool: calls in flight complete, new ones fail with `HttpClientError` ("the client is
   * closed"). A dispatcher passed in the options is left open (its owner closes it).
   *
   * @example
   * await http.close()
   */
  async close(): Promise<void> {
    this.closed = true
    if (this.pool.owned) await this.pool.dispatcher.close()
  }

  async [Symbol.asyncDispose](): Promise<void> {
    await this.close()
  }

  private outgoingHeaders(
    given: RequestOptions['headers'],
    contentType: string | undefined,
    instrumented: Record<string, string> | undefined,
  ): OutgoingHeaders {
    // Most calls add nothing: share the client's headers object (undici only reads it).
    if (given === undefined && contentType === undefined && instrumented === undefined) return this.headers
    const headers: Record<string, string | readonly string[]> = { ...this.headers, ...instrumented }
    if (contentType !== undefined) headers['content-type'] = contentType
    for (const [name, value] of Object.entries(given ?? {})) {
      const key = name.toLowerCase()
      if (value === undefined) delete headers[key]
      else headers[key] = value
    }
    return headers
  }

  private send<R>(method: string, url: string | URL, options: RequestOptions, read: Reader<R>): Promise<R> {
    // Metrics and tracing listen on the channel; without them a call pays this one check.
    if (!clientCalls.hasSubscribers) return this.dispatch(method, url, options, read, undefined)
    let message: ClientCallMessage
    try {
      const target = resolveTarget(url, this.base, options.query)
      message = {
        method: method.toUpperCase(),
        url: target.origin + target.path,
        origin: target.origin,
        headers: {},
      }
    } catch {
      return this.dispatch(method, url, options, read, undefined)
    }
    return clientCalls.tracePromise(() => this.dispatch(method, url, options, read, message.headers), message)
  }

  private async dispatch<R>(
    method: string,
    url: string | URL,
    options: RequestOptions,
    read: Reader<R>,
    instrumented: Record<string, string> | undefined,
  ): Promise<R> {
    const upper = method.toUpperCase()
    const target = resolveTarget(url, this.base, options.query)
    const href = target.origin + target.path
    if (this.closed) throw new HttpClientError(upper, href, 'the client is closed')
    const settings = callSettings(this.settings, options)
    const pending = encodeBody(options)
    const encoded = pending instanceof Promise ? await pending : pending
    const identity: CallIdentity = {
      method: upper,
      url: href,
      timeouts: settings.timeouts,
      userSignal: options.signal,
    }
    const signal = new CallSignal(options.signal, settings.timeouts.total, upper, href)
    const exchange: Exchange = { identity, settings, signal, handedOver: false }
    const request: Dispatcher.RequestOptions = {
      origin: target.origin,
      path: target.path,
      method: upper as Dispatcher.HttpMethod,
      headers: this.outgoingHeaders(options.headers, encoded.contentType, instrumented) as Record<
        string,
        string
      >,
      body: encoded.body ?? null,
      // A CallAbort is the EventEmitter-like signal undici also takes (see call-abort.ts).
      signal: (signal.signal as AbortSignal | undefined) ?? null,
      headersTimeout: settings.timeouts.headers,
      bodyTimeout: settings.timeouts.body,
    }
    const retries = settings.retries
    const retryable = retries.limit > 0 && encoded.replayable && retries.methods.has(upper)
    try {
      for (let attempt = 0; ; attempt++) {
        const mayRetry = retryable && attempt < retries.limit
        try {
          const data = await this.pool.dispatcher.request(request)
          if (mayRetry && retries.statuses.has(data.statusCode)) {
            const delay = statusRetryDelay(attempt, data.headers, retries)
            if (delay !== undefined && delay < signal.remaining()) {
              // Drain a little so the connection can be reused; a big error page just closes it.
              data.body.dump({ limit: 64 * 1024 }).catch(() => {})
              await sleep(delay, signal.signal)
              continue
            }
          }
          return await read(data, exchange)
        } catch (error) {
          const typed = classifyError(error, identity)
          if (mayRetry && isRetryableError(typed)) {
            const delay = backoffDelay(attempt, retries)
            if (delay < signal.remaining()) {
              await sleep(delay, signal.signal).catch((reason) => {
                throw classifyError(reason, identity)
              })
              continue
            }
          }
          throw typed
        }
      }
    } finally {
      if (!exchange.handedOver) signal.release()
    }
  }
}
