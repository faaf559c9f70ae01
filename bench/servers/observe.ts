/** Turns on the observability features named in `WHARF_BENCH_OBSERVE` (comma separated) for a bench server. */
import type { App } from 'wharfjs'
import { enableMetrics } from 'wharfjs/observability'

export function observeForBench(app: App, features: string | undefined): void {
  for (const feature of features?.split(',') ?? []) {
    if (feature === 'metrics') enableMetrics(app)
    else if (feature !== '') throw new Error(`WHARF_BENCH_OBSERVE: unknown feature "${feature}"`)
  }
}
