/** Turns on the observability features named in `WHARF_BENCH_OBSERVE` (comma separated) for a bench server. */
import type { App } from 'wharfjs'
import { detectBlocking, enableMetrics, enableTracing } from 'wharfjs/observability'

export function observeForBench(app: App, features: string | undefined): void {
  for (const feature of features?.split(',') ?? []) {
    if (feature === 'metrics') enableMetrics(app)
    else if (feature === 'blocking') detectBlocking(app)
    else if (feature === 'tracing') enableTracing(app)
    // What an access log or any onResponse hook costs by itself: each response watched to its end.
    else if (feature === 'watch') app.addHooks({ onResponse() {} })
    else if (feature === 'blocking-precise') detectBlocking(app, { precise: true })
    else if (feature !== '') throw new Error(`WHARF_BENCH_OBSERVE: unknown feature "${feature}"`)
  }
}
