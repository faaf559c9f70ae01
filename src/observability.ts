/**
 * `wharfjs/observability`: Prometheus metrics, blocking-loop detection, health endpoints, load
 * shedding, OpenTelemetry tracing and the access-log formats. Everything is opt-in; what is off costs
 * nothing (prom-client is loaded only by `enableMetrics`).
 *
 * @example
 * import { App } from 'wharfjs'
 * import { enableMetrics } from 'wharfjs/observability'
 * const app = new App()
 * enableMetrics(app) // GET /metrics
 * @see docs/observability.md
 * @module
 */

export { logContextFields } from './log-context.ts'
export {
  BLOCKING_HINT,
  type BlockingOptions,
  type BlockingReport,
  detectBlocking,
  type RequestRef,
} from './observability/blocking.ts'
export {
  type AppHealth,
  enableHealth,
  type HealthOptions,
  healthOf,
  type Readiness,
} from './observability/health.ts'
export { type LoadShedder, type SheddingOptions, shedLoad } from './observability/load-shedding.ts'
export { type AppMetrics, enableMetrics, type MetricsOptions, metricsOf } from './observability/metrics.ts'
export { UNMATCHED_ROUTE } from './observability/route-label.ts'
export { enableTracing, type TracingOptions } from './observability/tracing.ts'
