import { BackgroundTasks } from './background.ts'
import { Context, type ContextHost } from './context.ts'
import type { RequestView } from './request.ts'

/**
 * One request's plumbing, which handlers never see: when it started, its id, the work that waits for
 * the response to be sent (dependency teardowns, then background tasks) and the route's deadline.
 * The pipeline creates it, the route plan and dependency injection register work on it, and the
 * pipeline runs that work once the adapter reports the response finished or the client gone.
 *
 * @example
 * const exchange = new Exchange(request, app)
 * exchange.afterResponse(async () => session.close())
 */
export class Exchange {
  /** What handlers, dependencies and middleware see of this request. */
  readonly ctx: Context
  /** `performance.now()` when the adapter handed the request over. */
  readonly startedAt: number
  /** Aborts `ctx.signal` when the route's `timeout` passes (see `bindDeadline`). */
  deadline: AbortSignal | undefined = undefined
  private teardowns: (() => Promise<void>)[] | undefined = undefined
  private tasks: BackgroundTasks | undefined = undefined

  constructor(
    readonly request: RequestView,
    host: ContextHost,
  ) {
    this.startedAt = performance.now()
    this.ctx = new Context(request, host, this)
  }

  /** Registers work for after the response was sent (dependency teardown); runs before background tasks. */
  afterResponse(work: () => Promise<void>): void {
    this.teardowns ??= []
    this.teardowns.push(work)
  }

  /** Makes `ctx.signal` abort when `deadline` does too; used by the route `timeout` option. */
  bindDeadline(deadline: AbortSignal): void {
    this.deadline = AbortSignal.any([this.request.signal, deadline])
  }

  /** The request's background tasks (`ctx.background`), created on first use. */
  get background(): BackgroundTasks {
    this.tasks ??= new BackgroundTasks()
    return this.tasks
  }

  /** True when something waits for the response to be sent. */
  get hasAfterResponseWork(): boolean {
    return this.teardowns !== undefined || (this.tasks?.size ?? 0) > 0
  }

  /** Runs teardowns (in registration order), then background tasks (each failure logged by them). */
  runAfterResponse(): Promise<void> {
    // The common case, one dependency teardown and no background task: its own promise, no wrapper.
    const only = this.tasks === undefined && this.teardowns?.length === 1 ? this.teardowns[0]! : undefined
    if (only === undefined) return this.runAll()
    try {
      return only()
    } catch (error) {
      return Promise.reject(error)
    }
  }

  private async runAll(): Promise<void> {
    if (this.teardowns) for (const work of this.teardowns) await work()
    if (this.tasks) await this.tasks.run(this.ctx.log)
  }
}
