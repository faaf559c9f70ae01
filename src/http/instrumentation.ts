import { tracingChannel } from 'node:diagnostics_channel'

/**
 * What `wharfjs/http` publishes about one call (retries included) on the `wharfjs:http:client` tracing
 * channel. Subscribers may add headers to `headers` in `start` (W3C `traceparent`); `result` or
 * `error` are set by the time `asyncEnd` is published.
 */
export interface ClientCallMessage {
  readonly method: string
  /** The full URL called. */
  readonly url: string
  /** `https://host:port`, as the pool is keyed. */
  readonly origin: string
  /** Extra headers to send, filled in by subscribers. */
  readonly headers: Record<string, string>
  result?: { readonly status: number }
  error?: unknown
  /** Per-subscriber state (a span, a start time). */
  [key: symbol]: unknown
}

/**
 * The client's instrumentation point (node:diagnostics_channel): checked with `hasSubscribers` on every
 * call, so it costs one property read while nothing (metrics, tracing) listens.
 *
 * @example
 * clientCalls.subscribe({ asyncEnd: (message) => console.log(message.method, message.url, message.result?.status) })
 */
export const clientCalls = tracingChannel<ClientCallMessage, ClientCallMessage>('wharfjs:http:client')

type CallEvent = (message: ClientCallMessage) => void
const ignore: CallEvent = () => {}

/**
 * Subscribes to some of the channel's events (the others are ignored); returns the unsubscribe function.
 *
 * @example
 * const stop = subscribeClientCalls({ asyncEnd: (message) => count(message) })
 */
export function subscribeClientCalls(handlers: { start?: CallEvent; asyncEnd?: CallEvent }): () => void {
  const all = {
    start: handlers.start ?? ignore,
    end: ignore,
    asyncStart: ignore,
    asyncEnd: handlers.asyncEnd ?? ignore,
    error: ignore,
  }
  clientCalls.subscribe(all)
  return () => clientCalls.unsubscribe(all)
}
