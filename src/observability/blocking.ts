import type { Counter } from 'prom-client'
import type { App } from '../app.ts'
import type { Context } from '../context.ts'
import { noteQueued } from '../pipeline/request-timing.ts'
import { Router } from '../router.ts'
import { type LoopBlock, loopWatch, queuedFor } from './loop-watch.ts'
import { metricsOf } from './metrics.ts'
import { promClient } from './optional-deps.ts'
import { enterRequest } from './request-scope.ts'
import { methodLabel, UNMATCHED_ROUTE } from './route-label.ts'

/** Options of `detectBlocking()`. */
export interface BlockingOptions {
  /** Blocks at least this long (ms) are reported. Default 100. */
  threshold?: number
  /**
   * Time every callback the loop runs, so each block is pinned on the request whose code ran (about a
   * microsecond per request). Default false: a timer detects blocks for free, names the requests
   * that were running, and turns precise timing on for a minute after each block. `wharf dev` sets it.
   */
  precise?: boolean
  /** Called for each block, after it was logged (and counted). */
  onBlocked?(report: BlockingReport): void
}

/** A request, as a block report names it. */
export interface RequestRef {
  method: string
  /** The route template, or `unmatched`. */
  route: string
  reqId?: string
}

/** A block of the event loop, as logged. */
export interface BlockingReport {
  /** How long the loop could not run anything else, in ms. */
  blockedMs: number
  /** True when the blocking code was timed and found to be this request's (precise attribution). */
  attributed: boolean
  /** The request whose code blocked (attributed), or the only one that was running. */
  method?: string
  route?: string
  reqId?: string
  /** When several requests were running and the culprit was not timed: all of them (up to 5). */
  candidates?: RequestRef[]
}

/** The one-line advice printed with every block. */
export const BLOCKING_HINT =
  'await the I/O instead of blocking on it, or move CPU-bound work to a worker thread (docs/async-io.md)'

interface BlockCounters {
  blocks: Counter<'method' | 'route'>
  seconds: Counter<'method' | 'route'>
}

const countersByApp = new WeakMap<App<any, any>, BlockCounters>()

/** The block counters in the app's metrics registry, when metrics are on. */
function countersOf(app: App<any, any>): BlockCounters | undefined {
  const metrics = metricsOf(app)
  if (metrics === undefined) return undefined
  let counters = countersByApp.get(app)
  if (counters === undefined) {
    const { Counter } = promClient()
    const labelNames = ['method', 'route'] as const
    const registers = [metrics.registry]
    counters = {
      blocks: new Counter({
        name: 'wharf_event_loop_blocks_total',
        help: 'Times the event loop was blocked past the threshold, by the route whose code was running.',
        labelNames,
        registers,
      }),
      seconds: new Counter({
        name: 'wharf_event_loop_blocked_seconds_total',
        help: 'Time the event loop spent blocked past the threshold, by the route whose code was running.',
        labelNames,
        registers,
      }),
    }
    countersByApp.set(app, counters)
  }
  return counters
}

const MAX_CANDIDATES = 5

function refOf(ctx: Context): RequestRef {
  const ref: RequestRef = { method: ctx.method, route: ctx.route ?? UNMATCHED_ROUTE }
  if (ctx.request.id !== undefined) ref.reqId = ctx.request.id
  return ref
}

const describe = (ref: RequestRef) =>
  `${ref.method} ${ref.route}${ref.reqId === undefined ? '' : ` (request ${ref.reqId})`}`

function reportOf(block: LoopBlock, candidates: Context[]): BlockingReport {
  const report: BlockingReport = { blockedMs: Math.round(block.durationMs), attributed: block.attributed }
  const culprit = block.attributed ? block.request : candidates.length === 1 ? candidates[0] : undefined
  if (culprit !== undefined) Object.assign(report, refOf(culprit))
  else if (!block.attributed && candidates.length > 1)
    report.candidates = candidates.slice(0, MAX_CANDIDATES).map(refOf)
  return report
}

function messageOf(report: BlockingReport): string {
  const head = `Event loop blocked for ${report.blockedMs} ms`
  let who: string
  if (report.route !== undefined) {
    const culprit = describe(report as RequestRef)
    who = report.attributed ? `by ${culprit}` : `while ${culprit} was running`
  } else if (report.candidates !== undefined) {
    const names = report.candidates.map(describe).join(', ')
    who = `while ${report.candidates.length} requests were running (${names}); timing every callback for a minute to name the culprit next time`
  } else {
    who = 'outside any request'
  }
  return `${head} ${who}: ${BLOCKING_HINT}`
}

/** The requests of one app that were running around a block: in flight, or finished since it began. */
class RunningRequests {
  /** Requests in flight, with when they started. */
  private readonly inFlight = new Map<Context, number>()
  private readonly finished: { ctx: Context; startedAt: number; at: number }[] = []

  start(ctx: Context): void {
    this.inFlight.set(ctx, performance.now())
  }

  end(ctx: Context): void {
    const startedAt = this.inFlight.get(ctx)
    if (startedAt === undefined) return
    this.inFlight.delete(ctx)
    this.finished.push({ ctx, startedAt, at: performance.now() })
    if (this.finished.length > MAX_CANDIDATES) this.finished.shift()
  }

  /** Those whose code could have run during the block: started before it ended, not over before it began. */
  around(block: LoopBlock): Context[] {
    const found = new Set<Context>()
    for (const each of this.finished)
      if (each.at >= block.startedAt && each.startedAt < block.endedAt) found.add(each.ctx)
    for (const [ctx, startedAt] of this.inFlight) if (startedAt < block.endedAt) found.add(ctx)
    return [...found]
  }
}

const detecting = new WeakSet<App<any, any>>()

/**
 * Blocking-loop detection: when the event loop is blocked for `threshold` ms or more (100 by
 * default), logs a warning on `app.log` naming the request whose code was running (method, route
 * template, request id) and how long, with a hint; counts it per route when metrics are on
 * (`wharf_event_loop_blocks_total`, `wharf_event_loop_blocked_seconds_total`). Requests that
 * waited behind a block carry it as `queuedMs` in the access log. Stops at the app's shutdown.
 * `wharf dev` turns it on (precise); `wharf run --detect-blocking` too.
 *
 * @example
 * import { detectBlocking } from 'wharfjs/observability'
 * detectBlocking(app, { threshold: 200 })
 */
export function detectBlocking(app: App<any, any>, options: BlockingOptions = {}): void {
  if (detecting.has(app)) return
  detecting.add(app)
  const running = new RunningRequests()
  app.addHooks({
    onRequest: (ctx) => {
      enterRequest(ctx)
      running.start(ctx)
      if (loopWatch.recent !== undefined) {
        const queued = queuedFor(performance.now())
        if (queued > 0) noteQueued(ctx, queued)
      }
    },
    onResponse: (ctx) => running.end(ctx),
  })
  countersOf(app)
  const stop = loopWatch.add(
    (block) => {
      // A request of another app in this process: not this app's to report.
      if (block.request !== undefined && block.request.app !== app) return
      const candidates = block.attributed ? [] : running.around(block)
      // Requests were running but none was timed: time every callback for a while, to name it next time.
      if (candidates.length > 0) loopWatch.preciseForAWhile()
      const report = reportOf(block, candidates)
      app.log.warn({ event: 'event-loop-blocked', ...report }, messageOf(report))
      const counters = countersOf(app)
      if (counters !== undefined) {
        const labels = {
          method: methodLabel(report.method ?? 'OTHER'),
          route: report.route ?? (report.candidates ? 'unknown' : 'none'),
        }
        counters.blocks.inc(labels)
        counters.seconds.inc(labels, block.durationMs / 1000)
      }
      options.onBlocked?.(report)
    },
    options.threshold ?? 100,
    options.precise ?? false,
  )
  app.include(
    new Router({
      lifespan: async function* () {
        yield
        stop()
      },
    }),
  )
}
