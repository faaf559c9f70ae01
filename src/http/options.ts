import type { Readable } from 'node:stream'
import type { buildConnector, Dispatcher } from 'undici'

/**
 * Time limits of a call, in ms. Each phase that runs too long fails with a `TimeoutError` naming it.
 *
 * @example
 * new HttpClient({ timeout: { connect: 2_000, headers: 5_000, body: 5_000, total: 10_000 } })
 */
export interface TimeoutOptions {
  /** Opening the connection (DNS, TCP, TLS). Client-wide only: the pool opens connections. Default 10000. */
  connect?: number
  /** From sending the request until the response headers arrive. Default 30000. */
  headers?: number
  /** The longest silence between two chunks of the response body. Default 30000. */
  body?: number
  /**
   * A deadline for the whole call: retries and their waits included, and the body for buffered calls;
   * for `stream()`, until the headers arrive (a stream may legitimately last long). Default: none.
   */
  total?: number
}

/**
 * When and how calls are retried. Only idempotent methods are retried unless `methods` says otherwise,
 * and never a call whose body is a stream (it cannot be sent twice).
 *
 * @example
 * new HttpClient({ retries: { limit: 3, statuses: [503], maxRetryAfter: 10_000 } })
 */
export interface RetryOptions {
  /** Retries after the first attempt. Default 2 (when retries are given as an object). */
  limit?: number
  /** Methods that may be retried. Default the idempotent ones: GET HEAD OPTIONS TRACE PUT DELETE. */
  methods?: readonly string[]
  /** Response statuses that are retried. Default 408 429 500 502 503 504. */
  statuses?: readonly number[]
  /**
   * The first backoff delay in ms; it doubles each retry, and half of it is random (jitter) so that
   * clients that failed together do not retry together. Default 100.
   */
  backoff?: number
  /** The largest backoff delay in ms. Default 5000. */
  maxBackoff?: number
  /**
   * A `Retry-After` header (seconds or a date) is waited for instead of the backoff, up to this many
   * ms; a longer one is not retried: the response is returned as it is. Default 30000.
   */
  maxRetryAfter?: number
}

/**
 * undici's connector options (TLS or TCP), without `timeout`: that is `timeout.connect`.
 *
 * @example
 * new HttpClient({ connect: { ca: readFileSync('internal-ca.pem'), servername: 'api.internal' } })
 */
export type ConnectOptions = buildConnector.BuildOptions extends infer O
  ? O extends unknown
    ? Omit<O, 'timeout'>
    : never
  : never

/**
 * Query parameters: arrays repeat the key; `undefined` and `null` are left out.
 *
 * @example
 * await http.get('/search', { query: { q: 'nails', tag: ['steel', 'small'], page: undefined } })
 */
export type QueryParams = Record<
  string,
  string | number | boolean | null | undefined | readonly (string | number | boolean)[]
>

/**
 * A request body given as is. Strings and bytes can be resent by retries; streams cannot.
 *
 * @example
 * await http.put('/blob', { body: createReadStream('photo.png'), headers: { 'content-type': 'image/png' } })
 */
export type RequestBody = string | Uint8Array | Readable | AsyncIterable<Uint8Array | string> | FormData

/**
 * Options of `new HttpClient()`. Each is documented once, here; `RequestOptions` can override the
 * per-call ones.
 *
 * @example
 * const http = new HttpClient({ baseUrl: 'https://api.example.org/v1', timeout: 5_000, retries: 2 })
 */
export interface HttpClientOptions {
  /** Relative URLs are resolved against it: `baseUrl` `https://x/v1` + `/users` → `https://x/v1/users`. */
  baseUrl?: string
  /** Headers sent with every call (a call's own headers win). */
  headers?: Record<string, string>
  /** A number is the `total` deadline; an object sets each phase. See `TimeoutOptions` for defaults. */
  timeout?: number | TimeoutOptions
  /** A number is the retry `limit` with the other defaults. Default 0: no retries. */
  retries?: number | RetryOptions
  /**
   * The largest response body read, in bytes; a larger one fails with `ResponseTooLargeError` instead of
   * filling memory. `Infinity` turns the limit off. Default 10 MiB.
   */
  maxResponseSize?: number
  /** Keep-alive connections per origin; calls beyond that wait in the pool's queue. Default 128. */
  connections?: number
  /** An idle pooled connection is closed after this many ms (unless the server says less). Default 4000. */
  keepAliveTimeout?: number
  /** How connections are opened: TLS (`ca`, `cert`, `key`, `rejectUnauthorized`, `servername`), `lookup`… */
  connect?: ConnectOptions
  /**
   * An undici dispatcher to send through instead of the client's own pool (a `ProxyAgent`, a
   * `MockAgent` in tests). The client does not close a dispatcher it was given.
   */
  dispatcher?: Dispatcher
}

/**
 * Options of one call.
 *
 * @example
 * await http.post('/items', { json: { name: 'Hammer' }, query: { dryRun: true }, signal: ctx.signal })
 */
export interface RequestOptions {
  /** Added to the URL's own query string. */
  query?: QueryParams
  /** Merged over the client's headers; `undefined` removes one. */
  headers?: Record<string, string | readonly string[] | undefined>
  /** Sent as JSON with `content-type: application/json`. */
  json?: unknown
  /** Sent as `application/x-www-form-urlencoded`; a `FormData` is sent as `multipart/form-data`. */
  form?: QueryParams | URLSearchParams | FormData
  /** A raw body (set its content type in `headers`). */
  body?: RequestBody
  /** Cancels the call; pass the handler's `ctx.signal` so a client that goes away cancels it too. */
  signal?: AbortSignal | undefined
  /** Overrides the client's: a number is the `total` deadline. `connect` is client-wide only. */
  timeout?: number | Omit<TimeoutOptions, 'connect'>
  /** Overrides the client's retry options (merged over them); `0` turns retries off for this call. */
  retries?: number | RetryOptions
  /** Overrides the client's `maxResponseSize`. */
  maxResponseSize?: number
}
