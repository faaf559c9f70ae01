import type { Logger } from 'pino'
import { BackgroundTasks } from './background.ts'
import type { RequestView } from './request.ts'
import type { HeaderMap } from './response.ts'

const NOTHING = Object.freeze({})

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
  // Shared and frozen until a route declares the part: most requests allocate none of these.
  path: unknown = NOTHING
  query: unknown = NOTHING
  headers: unknown = NOTHING
  cookies: unknown = NOTHING
  body: unknown = undefined
  deps: unknown = NOTHING
  /** The matched route's path template (`/items/{id}`), once matched. */
  route: string | undefined = undefined
  // Created on first use. A dependency's context is a view of this one (`Object.create(ctx)` with its
  // own params), so everything created lazily lives on the request's own context, `root`, and is shared.
  private readonly root: Context
  private draft: ResponseDraft | undefined
  private requestState: Record<string, unknown> | undefined
  private rawSearch: string | undefined
  private afterResponseWork: (() => Promise<void>)[] | undefined
  private backgroundTasks: BackgroundTasks | undefined
  private requestLog: Logger | undefined
  private deadlineSignal: AbortSignal | undefined

  constructor(
    readonly request: RequestView,
    readonly app: ContextHost,
  ) {
    this.root = this
  }

  /** The request path, without the query string. */
  get pathname(): string {
    const url = this.request.url
    const mark = url.indexOf('?')
    return mark === -1 ? url : url.slice(0, mark)
  }

  /** The raw query string, without `?`. */
  get search(): string {
    const root = this.root
    if (root.rawSearch === undefined) {
      const url = this.request.url
      const mark = url.indexOf('?')
      root.rawSearch = mark === -1 ? '' : url.slice(mark + 1)
    }
    return root.rawSearch
  }

  set search(value: string) {
    this.root.rawSearch = value
  }

  /** Per-request storage for middleware and dependencies. */
  get state(): Record<string, unknown> {
    const root = this.root
    root.requestState ??= {}
    return root.requestState
  }

  /** Status and headers for the response built from the handler's return value. */
  get response(): ResponseDraft {
    const root = this.root
    root.draft ??= { status: undefined, headers: {} }
    return root.draft
  }

  /** The draft if a handler or middleware touched `ctx.response`, without creating one. */
  get responseDraft(): ResponseDraft | undefined {
    return this.root.draft
  }

  get method(): string {
    return this.request.method
  }

  /**
   * Aborted when the client disconnects or the route's `timeout` passes; pass it to outbound calls so
   * they are cancelled too.
   */
  get signal(): AbortSignal {
    return this.root.deadlineSignal ?? this.request.signal
  }

  /** Makes `ctx.signal` abort when `deadline` does too; used by the route `timeout` option. */
  bindDeadline(deadline: AbortSignal): void {
    this.root.deadlineSignal = AbortSignal.any([this.request.signal, deadline])
  }

  /** The app's logger; a child carrying `reqId` when the server assigned the request an id. */
  get log(): Logger {
    const id = this.request.id
    if (id === undefined) return this.app.log
    // Created on first use: most requests never log, and a child logger is not free.
    const root = this.root
    root.requestLog ??= this.app.log.child({ reqId: id })
    return root.requestLog
  }

  /** Tasks to run after the response has been sent: `ctx.background.add(fn, ...args)`. */
  get background(): BackgroundTasks {
    const root = this.root
    root.backgroundTasks ??= new BackgroundTasks()
    return root.backgroundTasks
  }

  /** Registers work for after the response was sent (dependency teardown); runs before background tasks. */
  afterResponse(work: () => Promise<void>): void {
    const root = this.root
    root.afterResponseWork ??= []
    root.afterResponseWork.push(work)
  }

  /** True when something waits for the response to be sent. */
  get hasAfterResponseWork(): boolean {
    const root = this.root
    return root.afterResponseWork !== undefined || (root.backgroundTasks?.size ?? 0) > 0
  }

  /** Runs teardowns, then background tasks; called once by the app when the response is out. */
  async runAfterResponse(): Promise<void> {
    const root = this.root
    for (const work of root.afterResponseWork ?? []) await work()
    await root.backgroundTasks?.run(this.log)
  }
}
