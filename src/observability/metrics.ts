import type { Registry } from 'prom-client'
import type { App } from '../app.ts'
import { HTTPResponse } from '../response.ts'
import { clientMetrics } from './client-metrics.ts'
import { clusterScrape, inWharfCluster } from './cluster-metrics.ts'
import { DURATION_BUCKETS, requestMetrics } from './http-metrics.ts'
import { promClient } from './optional-deps.ts'
import { runtimeMetrics } from './runtime-metrics.ts'

/** Options of `enableMetrics()`. */
export interface MetricsOptions {
  /** Where the exposition is served (not in the OpenAPI document). Default `/metrics`. */
  path?: string
  /** A prom-client registry of your own (to add business metrics to). Default: a new one. */
  registry?: Registry
  /** Upper bounds, in seconds, of the request and HTTP-client duration histograms. */
  buckets?: number[]
  /** Process, GC and event-loop metrics (prom-client's defaults plus loop utilization). Default true. */
  runtime?: boolean
  /** Count and time `wharfjs/http` calls by upstream host. Default true. */
  httpClient?: boolean
}

/** The metrics of an app, as `enableMetrics()` returns them. */
export interface AppMetrics {
  /** The registry every metric is in; register your own metrics on it. */
  readonly registry: Registry
  /** The path the exposition is served at. */
  readonly path: string
  /** The exposition text (under `wharf run --workers N`, every worker's, aggregated). */
  scrape(): Promise<string>
}

const enabled = new WeakMap<App<any, any>, AppMetrics>()

/**
 * Turns on Prometheus metrics for an app and serves them at `/metrics`: requests by method, route
 * template and status (count, duration, sizes, in flight), event-loop delay and utilization, GC and
 * process metrics, and `wharfjs/http` calls by upstream host. Calling it again returns the same metrics. `wharf run --metrics` calls it.
 *
 * @example
 * import { enableMetrics } from 'wharfjs/observability'
 * const app = new App()
 * enableMetrics(app)
 * app.get('/', () => ({ Hello: 'World' }))
 */
export function enableMetrics(app: App<any, any>, options: MetricsOptions = {}): AppMetrics {
  const existing = enabled.get(app)
  if (existing) return existing
  const registry = options.registry ?? new (promClient().Registry)()
  const path = options.path ?? '/metrics'
  app.addHooks(requestMetrics(registry, options.buckets ?? DURATION_BUCKETS))
  if (options.runtime !== false) runtimeMetrics(registry)
  if (options.httpClient !== false) clientMetrics(registry)
  const scrape = inWharfCluster() ? clusterScrape(registry) : () => registry.metrics()
  const metrics: AppMetrics = { registry, path, scrape }
  app.get(path, { includeInSchema: false }, async () => {
    const text = await scrape()
    return new HTTPResponse(200, { 'content-type': registry.contentType }, text)
  })
  enabled.set(app, metrics)
  return metrics
}

/**
 * The app's metrics if `enableMetrics()` was called for it; other observability features count into
 * the same registry.
 *
 * @example
 * metricsOf(app)?.registry
 */
export function metricsOf(app: App<any, any>): AppMetrics | undefined {
  return enabled.get(app)
}
