import type { Registry } from 'prom-client'
import { type ClientCallMessage, subscribeClientCalls } from '../http/instrumentation.ts'
import { DURATION_BUCKETS } from './http-metrics.ts'
import { promClient } from './optional-deps.ts'
import { methodLabel } from './route-label.ts'

const STARTED = Symbol('metrics.started')

/** The `host` label: host and port of the upstream (the pool's key), without the scheme. */
function hostOf(origin: string): string {
  const mark = origin.indexOf('://')
  return mark === -1 ? origin : origin.slice(mark + 3)
}

/**
 * Metrics of `wharfjs/http` calls (retries included in one call): count by method, upstream host and
 * status (`error` when no response came), duration by method and host. Subscribes to the client's
 * diagnostics channel; returns the function that unsubscribes.
 *
 * @example
 * const stop = clientMetrics(registry)
 */
export function clientMetrics(registry: Registry): () => void {
  const { Counter, Histogram } = promClient()
  const calls = new Counter({
    name: 'http_client_requests_total',
    help: 'Calls made with wharfjs/http, by method, upstream host and status ("error": no response).',
    labelNames: ['method', 'host', 'status'],
    registers: [registry],
  })
  const duration = new Histogram({
    name: 'http_client_request_duration_seconds',
    help: 'Duration of wharfjs/http calls until the response (or the failure), by method and upstream host.',
    labelNames: ['method', 'host'],
    buckets: DURATION_BUCKETS,
    registers: [registry],
  })
  return subscribeClientCalls({
    start(message: ClientCallMessage) {
      message[STARTED] = performance.now()
    },
    asyncEnd(message: ClientCallMessage) {
      const started = message[STARTED] as number | undefined
      if (started === undefined) return
      const method = methodLabel(message.method)
      const host = hostOf(message.origin)
      const status = message.result === undefined ? 'error' : String(message.result.status)
      calls.inc({ method, host, status })
      duration.observe({ method, host }, (performance.now() - started) / 1000)
    },
  })
}
