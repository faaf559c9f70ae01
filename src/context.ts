import type { Logger } from 'pino'
import type { BackgroundTasks } from './background.ts'
import type { Exchange } from './exchange.ts'
import type { RequestView } from './request.ts'
import { ResponseDraft } from './response-draft.ts'

const NOTHING = Object.freeze({})

// The draft (status, headers, cookies) lives in its own file; re-exported where it always was.
export { ResponseDraft }

/** The app-wide services a context reaches; kept as an interface so the context does not import the App. */
export interface ContextHost {
  readonly log: Logger
  readonly state: object
}

/**
 * The per-request context: one object from the first middleware to the handler. Route-specific
 * fields (`path`, `query`, `headers`, `cookies`, `body`, `deps`) are filled in once the route matched;
 * a handler sees them typed from its schemas (see `HandlerContext`). A dependency sees a view of it
 * with its own params (`DependencyContext`); everything else is this object's.
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
  // Created on first use: most requests never touch them.
  private draft: ResponseDraft | undefined = undefined
  private requestState: Record<string, unknown> | undefined = undefined
  private rawSearch: string | undefined = undefined
  private requestLog: Logger | undefined = undefined

  constructor(
    readonly request: RequestView,
    readonly app: ContextHost,
    private readonly exchange: Exchange,
  ) {}

  /** The request path, without the query string. */
  get pathname(): string {
    const url = this.request.url
    const mark = url.indexOf('?')
    return mark === -1 ? url : url.slice(0, mark)
  }

  /** The raw query string, without `?`. */
  get search(): string {
    if (this.rawSearch === undefined) {
      const url = this.request.url
      const mark = url.indexOf('?')
      this.rawSearch = mark === -1 ? '' : url.slice(mark + 1)
    }
    return this.rawSearch
  }

  set search(value: string) {
    this.rawSearch = value
  }

  /** Per-request storage for middleware and dependencies. */
  get state(): Record<string, unknown> {
    this.requestState ??= {}
    return this.requestState
  }

  /** Status and headers for the response built from the handler's return value. */
  get response(): ResponseDraft {
    this.draft ??= new ResponseDraft()
    return this.draft
  }

  /** The draft if a handler or middleware touched `ctx.response`, without creating one. */
  get responseDraft(): ResponseDraft | undefined {
    return this.draft
  }

  get method(): string {
    return this.request.method
  }

  /**
   * Aborted when the client disconnects or the route's `timeout` passes; pass it to outbound calls so
   * they are cancelled too.
   */
  get signal(): AbortSignal {
    return this.exchange.deadline ?? this.request.signal
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
    return this.exchange.background
  }
}
