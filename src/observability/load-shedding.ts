import { monitorEventLoopDelay, performance } from 'node:perf_hooks'
import { getHeapStatistics } from 'node:v8'
import type { App } from '../app.ts'
import { HTTPResponse } from '../response.ts'
import { isHealthPath, reportOverload } from './health.ts'
import { metricsOf } from './metrics.ts'
import { promClient } from './optional-deps.ts'

/** Options of `shedLoad()`: at least one limit. */
export interface SheddingOptions {
  /** Shed while the mean event-loop delay over the last sample passes this many ms. */
  maxEventLoopDelay?: number
  /** Shed while the V8 heap in use passes this many bytes. */
  maxHeapUsedBytes?: number
  /** Shed while the event loop's utilization (0 to 1) over the last sample passes this. */
  maxEventLoopUtilization?: number
  /** How often the pressure is sampled, in ms. Default 1000. */
  sampleInterval?: number
  /** Seconds in the `Retry-After` header of shed requests. Default 10. */
  retryAfter?: number
}

/** The state of an app's load shedding, as `shedLoad()` returns it. */
export interface LoadShedder {
  /** True while new requests are refused. */
  readonly shedding: boolean
  /** The latest sample: mean loop delay (ms), heap used (bytes), loop utilization. */
  readonly pressure: { eventLoopDelay: number; heapUsed: number; eventLoopUtilization: number }
  /** Stops sampling (shedding stops too). */
  stop(): void
}

const BUSY_BODY = JSON.stringify({ detail: 'Service Unavailable' })
/** monitorEventLoopDelay's sampling resolution, in ms; subtracted from its mean, as under-pressure does. */
const RESOLUTION_MS = 10

/**
 * Load shedding on event-loop pressure, as @fastify/under-pressure: a timer samples the loop delay,
 * heap and loop utilization; while one passes its limit, new requests get 503
 * `{"detail":"Service Unavailable"}` with `Retry-After`, readiness says `overloaded`, and shed
 * requests are counted (`wharf_requests_shed_total` when metrics are on). Health endpoints are never
 * shed. Register it before other middleware: a shed request should cost nothing more.
 *
 * @example
 * import { shedLoad } from 'wharfjs/observability'
 * shedLoad(app, { maxEventLoopDelay: 200, maxHeapUsedBytes: 1_500_000_000 })
 */
export function shedLoad(app: App<any, any>, options: SheddingOptions): LoadShedder {
  const interval = options.sampleInterval ?? 1_000
  const retryAfter = String(options.retryAfter ?? 10)
  const delay = monitorEventLoopDelay({ resolution: RESOLUTION_MS })
  delay.enable()
  let utilization = performance.eventLoopUtilization()
  const state = {
    shedding: false,
    pressure: { eventLoopDelay: 0, heapUsed: 0, eventLoopUtilization: 0 },
    stop() {
      clearInterval(timer)
      delay.disable()
      state.shedding = false
    },
  }
  const sample = () => {
    const mean = Number.isNaN(delay.mean) ? 0 : delay.mean / 1e6
    delay.reset()
    const now = performance.eventLoopUtilization()
    const pressure = {
      eventLoopDelay: Math.max(0, mean - RESOLUTION_MS),
      heapUsed: getHeapStatistics().used_heap_size,
      eventLoopUtilization: performance.eventLoopUtilization(now, utilization).utilization,
    }
    utilization = now
    state.pressure = pressure
    state.shedding =
      (options.maxEventLoopDelay !== undefined && pressure.eventLoopDelay > options.maxEventLoopDelay) ||
      (options.maxHeapUsedBytes !== undefined && pressure.heapUsed > options.maxHeapUsedBytes) ||
      (options.maxEventLoopUtilization !== undefined &&
        pressure.eventLoopUtilization > options.maxEventLoopUtilization)
  }
  const timer = setInterval(sample, interval).unref()
  reportOverload(app, () => state.shedding)
  const shed = shedCounter(app)
  app.use((ctx, next) => {
    if (!state.shedding || isHealthPath(app, ctx.pathname)) return next()
    shed?.inc()
    return new HTTPResponse(503, { 'content-type': 'application/json', 'retry-after': retryAfter }, BUSY_BODY)
  })
  return state
}

function shedCounter(app: App<any, any>): { inc(): void } | undefined {
  const metrics = metricsOf(app)
  if (metrics === undefined) return undefined
  const existing = metrics.registry.getSingleMetric('wharf_requests_shed_total')
  if (existing) return existing as unknown as { inc(): void }
  return new (promClient().Counter)({
    name: 'wharf_requests_shed_total',
    help: 'Requests refused with 503 by load shedding.',
    registers: [metrics.registry],
  })
}
