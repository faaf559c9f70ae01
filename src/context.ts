import type { Logger } from 'pino'
import { BackgroundTasks } from './background.ts'
import type { RequestView } from './request.ts'
import type { HeaderMap } from './response.ts'

/** What a handler or middleware may set on the response built from a plain return value. */
export interface ResponseDraft {
  /** Overrides the route's status; the response schema declared for that status is used. */
  status: number | undefined
  headers: HeaderMap
}

/** The app-wide services a context reaches; kept as an interface so the context does not import the App. */
export interface ContextHost {
  readonly log: Logger
  readonly state: object
}

/**
 * The per-request context: one object from the first middleware to the handler. Route-specific
 * fields (`path`, `query`, `headers`, `cookies`, `body`, `deps`) are filled in once the route matched;
 * a handler sees them typed from its schemas (see `HandlerContext`).
 *
 * @example
 * app.use(async (ctx, next) => {
 *   const response = await next()
 *   response.headers['x-path'] = ctx.pathname
 *   return response
 * })
 */
export class Context {
  path: unknown = {}
  query: unknown = {}
  headers: unknown = {}
  cookies: unknown = {}
  body: unknown = undefined
  deps: unknown = {}
  /** Per-request storage for middleware and dependencies. */
  readonly state: Record<string, unknown> = {}
  /** Status and headers for the response built from the handler's return value. */
  readonly response: ResponseDraft = { status: undefined, headers: {} }
  /** The matched route's path template (`/items/{id}`), once matched. */
  route: string | undefined = undefined
  readonly pathname: string
  readonly search: string
  private afterResponseWork: (() => Promise<void>)[] | undefined
  private backgroundTasks: BackgroundTasks | undefined
  private requestLog: Logger | undefined
  private deadlineSignal: AbortSignal | undefined

  constructor(
    readonly request: RequestView,
    readonly app: ContextHost,
  ) {
    const url = request.url
    const mark = url.indexOf('?')
    this.pathname = mark === -1 ? url : url.slice(0, mark)
    this.search = mark === -1 ? '' : url.slice(mark + 1)
  }

  get method(): string {
    return this.request.method
  }

  /**
   * Aborted when the client disconnects or the route's `timeout` passes; pass it to outbound calls so
   * they are cancelled too.
   */
  get signal(): AbortSignal {
    return this.deadlineSignal ?? this.request.signal
  }

  /** Makes `ctx.signal` abort when `deadline` does too; used by the route `timeout` option. */
  bindDeadline(deadline: AbortSignal): void {
    this.deadlineSignal = AbortSignal.any([this.request.signal, deadline])
  }

  /** The app's logger; a child carrying `reqId` when the server assigned the request an id. */
  get log(): Logger {
    const id = this.request.id
    if (id === undefined) return this.app.log
    // Created on first use: most requests never log, and a child logger is not free.
    this.requestLog ??= this.app.log.child({ reqId: id })
    return this.requestLog
  }

  /** Tasks to run after the response has been sent: `ctx.background.add(fn, ...args)`. */
  get background(): BackgroundTasks {
    this.backgroundTasks ??= new BackgroundTasks()
    return this.backgroundTasks
  }

  /** Registers work for after the response was sent (dependency teardown); runs before background tasks. */
  afterResponse(work: () => Promise<void>): void {
    this.afterResponseWork ??= []
    this.afterResponseWork.push(work)
  }

  /** True when something waits for the response to be sent. */
  get hasAfterResponseWork(): boolean {
    return this.afterResponseWork !== undefined || (this.backgroundTasks?.size ?? 0) > 0
  }

  /** Runs teardowns, then background tasks; called once by the app when the response is out. */
  async runAfterResponse(): Promise<void> {
    for (const work of this.afterResponseWork ?? []) await work()
    await this.backgroundTasks?.run(this.log)
  }
}
