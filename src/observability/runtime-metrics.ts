import { performance } from 'node:perf_hooks'
import type { Registry } from 'prom-client'
import { promClient } from './optional-deps.ts'

/**
 * Process and runtime metrics: prom-client's defaults (CPU, memory, heap spaces, handles, GC pauses
 * by kind, event-loop delay min/mean/max/p50/p90/p99) plus the event loop's utilization, which the
 * defaults lack: the share of time the loop spent running code rather than waiting for I/O.
 *
 * @example
 * runtimeMetrics(registry)
 */
export function runtimeMetrics(registry: Registry): void {
  const { Gauge, collectDefaultMetrics } = promClient()
  collectDefaultMetrics({ register: registry })
  // Gauges named like counters (promtool's lint rejects them); the same counts are in
  // nodejs_active_handles{type}, nodejs_active_requests{type} and nodejs_active_resources{type}.
  for (const name of [
    'nodejs_active_handles_total',
    'nodejs_active_requests_total',
    'nodejs_active_resources_total',
  ])
    registry.removeSingleMetric(name)
  let last = performance.eventLoopUtilization()
  new Gauge({
    name: 'nodejs_eventloop_utilization_ratio',
    help: 'Share of time the event loop was busy running code (0 to 1) since the previous scrape.',
    registers: [registry],
    aggregator: 'average',
    collect() {
      const now = performance.eventLoopUtilization()
      this.set(performance.eventLoopUtilization(now, last).utilization)
      last = now
    },
  })
}
