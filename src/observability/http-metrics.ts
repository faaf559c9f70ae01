import type { Registry } from 'prom-client'
import type { RequestHooks } from '../pipeline/hooks.ts'
import { methodLabel, routeLabel } from './route-label.ts'
import { exposeCounts, exposeGauge, exposeHistogram, type HistogramCell, HistogramFamily } from './series.ts'

/** Bucket bounds in seconds: from a fast JSON answer (1 ms) to a slow upstream (10 s). */
export const DURATION_BUCKETS = [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10]
/** Bucket bounds in bytes, for request and response bodies. */
const SIZE_BUCKETS = [64, 256, 1024, 4096, 16_384, 65_536, 262_144, 1_048_576, 4_194_304]

/**
 * The server's request metrics: count and duration by method, route template and status, requests in
 * flight, request and response body sizes. Returns the hooks that feed them; the series are plain
 * counters read at scrape time, so a request costs a map lookup and a few additions.
 *
 * @example
 * app.addHooks(requestMetrics(registry))
 */
export function requestMetrics(registry: Registry, buckets = DURATION_BUCKETS): RequestHooks {
  // Keys are bounded: methods are normalised, routes are templates, statuses are three digits.
  const durations = new HistogramFamily(buckets)
  const requestSizes = new HistogramFamily(SIZE_BUCKETS)
  const responseSizes = new HistogramFamily(SIZE_BUCKETS)
  let inFlight = 0
  exposeCounts(
    registry,
    { name: 'http_requests_total', help: 'HTTP requests answered, by method, route template and status.' },
    durations,
  )
  exposeHistogram(
    registry,
    {
      name: 'http_request_duration_seconds',
      help: 'Time from receiving a request to writing its response, by method, route template and status.',
    },
    durations,
  )
  exposeGauge(
    registry,
    { name: 'http_requests_in_flight', help: 'HTTP requests received and not yet answered.' },
    () => inFlight,
  )
  exposeHistogram(
    registry,
    {
      name: 'http_request_size_bytes',
      help: 'Declared request body sizes (Content-Length), by method and route template.',
    },
    requestSizes,
  )
  exposeHistogram(
    registry,
    { name: 'http_response_size_bytes', help: 'Response body sizes, by method and route template.' },
    responseSizes,
  )
  // Route, then method, then status: lookups on existing strings, no key built per request.
  const byRoute = new Map<string, Map<string, RouteSeries>>()
  const seriesOf = (route: string, method: string): RouteSeries => {
    let byMethod = byRoute.get(route)
    if (byMethod === undefined) byRoute.set(route, (byMethod = new Map()))
    let found = byMethod.get(method)
    if (found === undefined) {
      const labels = () => ({ method, route })
      const key = `${method} ${route}`
      found = {
        statuses: new Map(),
        durationOf: (status) =>
          durations.cell(`${status} ${key}`, () => ({ method, route, status: String(status) })),
        requestSize: requestSizes.cell(key, labels),
        responseSize: responseSizes.cell(key, labels),
      }
      byMethod.set(method, found)
    }
    return found
  }
  return {
    onRequest: () => {
      inFlight++
    },
    onResponse: (ctx, sent) => {
      inFlight--
      const series = seriesOf(routeLabel(ctx), methodLabel(ctx.method))
      const status = sent.status
      let duration = series.statuses.get(status)
      if (duration === undefined) series.statuses.set(status, (duration = series.durationOf(status)))
      duration.observe(sent.durationMs / 1000)
      series.responseSize.observe(sent.bytes)
      const length = ctx.request.headers['content-length']
      if (length !== undefined) {
        const bytes = Number(length)
        if (Number.isFinite(bytes)) series.requestSize.observe(bytes)
      }
    },
  }
}

/** The cells of one method and route. */
interface RouteSeries {
  statuses: Map<number, HistogramCell>
  durationOf(status: number): HistogramCell
  requestSize: HistogramCell
  responseSize: HistogramCell
}
