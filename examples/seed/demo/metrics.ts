/**
 * The demo's Prometheus metrics at /metrics (left out of the OpenAPI document): requests by method,
 * route template and status, their durations and sizes, requests in flight, event-loop delay.
 * See docs/observability.md; `wharf run --metrics` does the same without touching the code.
 */
import type { App } from 'wharfjs'
import { enableMetrics } from 'wharfjs/observability'

/** Serves the app's metrics at `/metrics`. */
export function addMetrics(app: App): void {
  enableMetrics(app)
}
