/**
 * The typed errors of `wharfjs/http`. Every failure of an outbound call is one of these, so a handler can
 * catch exactly what it can recover from; the ones it does not catch become a 502 or 504 (`status`) with
 * `{"detail": detail}` instead of a 500, because the fault is upstream, not in the app.
 *
 * @module
 */

import { upstreamFault } from '../errors.ts'

/**
 * Where a call timed out: opening the connection, waiting for headers, between body chunks, or overall.
 *
 * @example
 * if (error instanceof TimeoutError && error.phase === 'connect') markUpstreamDown()
 */
export type TimeoutPhase = 'connect' | 'headers' | 'body' | 'total'

/** The URL without its query string: queries often carry keys and tokens that must not reach the logs. */
function loggable(url: string): string {
  const mark = url.indexOf('?')
  return mark === -1 ? url : `${url.slice(0, mark)}?…`
}

/**
 * Sets a property that loggers and `JSON.stringify` leave out: pino's error serializer, like
 * `JSON.stringify` and `console.log`, copies enumerable properties only.
 */
function unlogged<T extends object>(target: T, key: keyof T & string, value: unknown): void {
  Object.defineProperty(target, key, { value, enumerable: false, writable: false, configurable: true })
}

/**
 * The base class of every error thrown by `HttpClient`: which call failed, and why (`cause`). Logged
 * (`log.warn({ err })`), it shows its message, which names the URL without its query string; the full
 * `url` is there for code, not for logs.
 *
 * @example
 * try { await http.get('/users') } catch (error) { if (error instanceof HttpClientError) log.warn({ err: error }, 'users unavailable') }
 */
export class HttpClientError extends Error {
  /** The upper-case method of the failed call. */
  readonly method: string
  /**
   * The full URL of the failed call, query included: not enumerable, so that logging the error does
   * not write the keys and tokens queries often carry (the message leaves the query out).
   */
  declare readonly url: string

  constructor(method: string, url: string, problem: string, options?: ErrorOptions) {
    super(`${method} ${loggable(url)}: ${problem}`, options)
    this.name = 'HttpClientError'
    this.method = method
    unlogged(this, 'url', url)
  }
}

/**
 * A failure on the upstream's side. Not handled in a route, it is answered with `status` (502 Bad
 * Gateway, or 504 Gateway Timeout for timeouts) and `{"detail": detail}`; the error itself is logged.
 *
 * @example
 * app.exceptionHandler(UpstreamError, (error) => json({ detail: 'Try again later' }, { status: 503 }))
 */
export class UpstreamError extends HttpClientError {
  /** Tells the app's default exception handler to answer `status` rather than 500. */
  readonly [upstreamFault] = true as const
  /** The status a route answers when this error is not handled: 502, or 504 for timeouts. */
  readonly status: 502 | 504
  /** The client-facing `detail`: says what went wrong without naming the upstream. */
  readonly detail: string

  constructor(
    method: string,
    url: string,
    problem: string,
    answer: { status: 502 | 504; detail: string },
    options?: ErrorOptions,
  ) {
    super(method, url, problem, options)
    this.name = 'UpstreamError'
    this.status = answer.status
    this.detail = answer.detail
  }
}

const PHASE_PROBLEMS: Record<TimeoutPhase, string> = {
  connect: 'timed out opening the connection',
  headers: 'timed out waiting for the response headers',
  body: 'timed out waiting for the response body',
  total: 'did not complete within the total timeout',
}

/**
 * The call took too long in one `phase`. Unhandled in a route: 504 `{"detail": "Upstream request timed out"}`.
 *
 * @example
 * try { await http.get('/slow', { timeout: 1_000 }) }
 * catch (error) { if (error instanceof TimeoutError && error.phase === 'total') return cached }
 */
export class TimeoutError extends UpstreamError {
  readonly phase: TimeoutPhase
  /** The limit that was exceeded, in ms, when known. */
  readonly timeout: number | undefined

  constructor(method: string, url: string, phase: TimeoutPhase, timeout?: number, options?: ErrorOptions) {
    const limit = timeout === undefined ? '' : ` (${timeout} ms)`
    super(
      method,
      url,
      `${PHASE_PROBLEMS[phase]}${limit}`,
      { status: 504, detail: 'Upstream request timed out' },
      options,
    )
    this.name = 'TimeoutError'
    this.phase = phase
    this.timeout = timeout
  }
}

/**
 * The connection could not be opened: refused, unknown host, unreachable network, TLS failure.
 * Unhandled in a route: 502 `{"detail": "Could not connect to the upstream server"}`.
 *
 * @example
 * try { await http.get('/') } catch (error) { if (error instanceof ConnectError) return fallback }
 */
export class ConnectError extends UpstreamError {
  constructor(method: string, url: string, problem: string, options?: ErrorOptions) {
    super(method, url, problem, { status: 502, detail: 'Could not connect to the upstream server' }, options)
    this.name = 'ConnectError'
  }
}

/**
 * The upstream closed or reset the connection before the response was complete.
 * Unhandled in a route: 502 `{"detail": "The upstream server closed the connection"}`.
 *
 * @example
 * catch (error) { if (error instanceof ConnectionClosedError) metrics.upstreamResets++ }
 */
export class ConnectionClosedError extends UpstreamError {
  constructor(method: string, url: string, problem: string, options?: ErrorOptions) {
    super(method, url, problem, { status: 502, detail: 'The upstream server closed the connection' }, options)
    this.name = 'ConnectionClosedError'
  }
}

/**
 * The upstream answered something that is not valid HTTP, or a body that is not what was asked for
 * (`res.json()` on text that is not JSON). Unhandled: 502 `{"detail": "Invalid response from the upstream server"}`.
 *
 * @example
 * try { return res.json() } catch (error) { if (error instanceof InvalidResponseError) return res.text() }
 */
export class InvalidResponseError extends UpstreamError {
  constructor(method: string, url: string, problem: string, options?: ErrorOptions) {
    super(method, url, problem, { status: 502, detail: 'Invalid response from the upstream server' }, options)
    this.name = 'InvalidResponseError'
  }
}

/**
 * The response body is larger than `maxResponseSize`; the connection is closed without reading the
 * rest. Unhandled: 502 `{"detail": "The upstream response is too large"}`.
 *
 * @example
 * await http.get('/export', { maxResponseSize: 100 * 1024 * 1024 }) // allow 100 MiB for this call
 */
export class ResponseTooLargeError extends UpstreamError {
  /** The limit in bytes. */
  readonly limit: number

  constructor(method: string, url: string, limit: number, options?: ErrorOptions) {
    super(
      method,
      url,
      `the response body is larger than the ${limit}-byte limit`,
      { status: 502, detail: 'The upstream response is too large' },
      options,
    )
    this.name = 'ResponseTooLargeError'
    this.limit = limit
  }
}

/**
 * What `HTTPStatusError` keeps of the response it was raised for.
 *
 * @example
 * catch (error) { if (error instanceof HTTPStatusError) log.warn(error.response.text()) }
 */
export interface StatusErrorResponse {
  readonly status: number
  readonly headers: Record<string, string | string[] | undefined>
  text(): string
}

/**
 * Raised by `res.raiseForStatus()` when the upstream answered 4xx or 5xx (httpx's `raise_for_status`).
 * Unhandled: 502 `{"detail": "The upstream server answered 503"}`; the response is on `error.response`.
 *
 * @example
 * const user = (await http.get(`/users/${id}`)).raiseForStatus().json()
 */
export class HTTPStatusError extends UpstreamError {
  /**
   * The upstream's response, body included. Not enumerable, like `url`: logging the error must not
   * write the upstream's headers (cookies, tokens), its URL or a body of any size.
   */
  declare readonly response: StatusErrorResponse

  constructor(method: string, url: string, response: StatusErrorResponse) {
    super(method, url, `the upstream answered ${response.status}`, {
      status: 502,
      detail: `The upstream server answered ${response.status}`,
    })
    this.name = 'HTTPStatusError'
    unlogged(this, 'response', response)
  }
}

/**
 * The call was cancelled through its `signal` (for `ctx.signal`: the client went away); `cause` is the
 * signal's reason. Not an upstream failure, so it has no 502/504 mapping.
 *
 * @example
 * try { await http.get('/slow', { signal }) } catch (error) { if (error instanceof RequestAbortedError) return }
 */
export class RequestAbortedError extends HttpClientError {
  constructor(method: string, url: string, reason: unknown) {
    super(method, url, 'the call was aborted through its signal', { cause: reason })
    this.name = 'RequestAbortedError'
  }
}
