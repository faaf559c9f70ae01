import type { ServerOptions } from 'node:http'

/** The timeouts `listen()` takes, in ms (see `ListenOptions`). */
export interface TimeoutOptions {
  keepAliveTimeout?: number | undefined
  requestTimeout?: number | undefined
  headersTimeout?: number | undefined
}

/** Idle keep-alive connections: uvicorn's 5 s. */
export const DEFAULT_KEEP_ALIVE_TIMEOUT = 5_000
/** Headers and body of one request. */
export const DEFAULT_REQUEST_TIMEOUT = 60_000
/** Headers alone: a slowloris client holds a connection at most this long. */
export const DEFAULT_HEADERS_TIMEOUT = 10_000

/** How late past its value a headers or request timeout may fire, at most. */
const MAX_OVERSHOOT_MS = 500
/** The checks below this interval would cost more than the precision they buy. */
const MIN_CHECK_INTERVAL_MS = 50
/**
 * Node keeps an idle keep-alive socket open this much past the `Keep-Alive: timeout=N` it advertises,
 * so that a client reusing it right at N does not race the close; its own default (1 s) is the whole
 * precision budget, half of it is margin enough on any network a client would reuse a connection over.
 */
const KEEP_ALIVE_GRACE_MS = 500

/**
 * The node:http server options that enforce the connection timeouts on time.
 *
 * Node does not arm a timer per connection for the headers and request timeouts: it sweeps the
 * connections every `connectionsCheckingInterval` (30 s by default), so a 10 s timeout fired anywhere
 * between 10 and 40 s, and a slowloris client kept its connection for half a minute whatever the
 * setting. Sweeping every 500 ms at most (a quarter of the shortest timeout when that is less) keeps
 * every timeout within half a second of its value; a sweep only walks the connections whose request
 * is still arriving, so it costs little. The keep-alive timeout is a socket timer, fired
 * `KEEP_ALIVE_GRACE_MS` after the value.
 *
 * @example
 * createServer({ ...connectionTimeouts({ requestTimeout: 10_000 }), maxHeaderSize: 16_384 }, handler)
 */
export function connectionTimeouts(options: TimeoutOptions): ServerOptions {
  const requestTimeout = options.requestTimeout ?? DEFAULT_REQUEST_TIMEOUT
  // Node refuses a headers timeout longer than the request timeout (0 turns the latter off).
  const headersTimeout =
    options.headersTimeout ??
    (requestTimeout > 0 ? Math.min(DEFAULT_HEADERS_TIMEOUT, requestTimeout) : DEFAULT_HEADERS_TIMEOUT)
  const enforced = [requestTimeout, headersTimeout].filter((timeout) => timeout > 0)
  const shortest = Math.min(MAX_OVERSHOOT_MS * 4, ...enforced)
  return {
    keepAliveTimeout: options.keepAliveTimeout ?? DEFAULT_KEEP_ALIVE_TIMEOUT,
    keepAliveTimeoutBuffer: KEEP_ALIVE_GRACE_MS,
    requestTimeout,
    headersTimeout,
    connectionsCheckingInterval: Math.max(MIN_CHECK_INTERVAL_MS, Math.floor(shortest / 4)),
  }
}
