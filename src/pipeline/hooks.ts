import type { Logger } from 'pino'
import type { Context } from '../context.ts'

/** What an adapter reports once a response is over, plus the time it took. */
export interface ResponseSent {
  /** The status sent (what the client saw, or was about to see when it went away). */
  status: number
  /** Body bytes written (after compression, if a middleware compressed). */
  bytes: number
  /** True when the client went away before the whole response was written. */
  aborted: boolean
  /** Milliseconds from the moment the adapter handed the request over to the end of the response. */
  durationMs: number
}

/**
 * Points in a request's life a plugin can watch without wrapping anything: metrics, tracing, audit.
 * Every adapter (node:http, fetch, TestClient) calls them the same way. Hooks are synchronous; one
 * that throws is logged and the request goes on. Register with `app.addHooks()`.
 *
 * @example
 * app.addHooks({
 *   onResponse(ctx, sent) { histogram.observe({ route: ctx.route ?? 'unmatched', status: sent.status }, sent.durationMs) },
 * })
 */
export interface RequestHooks {
  /** The request arrived, before any middleware ran. */
  onRequest?(ctx: Context): void
  /** A route matched; `ctx.route` is its template (`/items/{id}`). Not called for 404/405. */
  onMatch?(ctx: Context): void
  /** An error is about to be answered by the exception handlers (HTTPException and 422 included). */
  onError?(ctx: Context, error: unknown): void
  /** The response is over: written in full, or the client went away. */
  onResponse?(ctx: Context, sent: ResponseSent): void
}

type HookName = keyof RequestHooks

/**
 * The app's registered hooks, one list per point. Calling an empty list costs a length check, so an
 * app without hooks pays nothing.
 */
export class HookSet {
  readonly onRequest: NonNullable<RequestHooks['onRequest']>[] = []
  readonly onMatch: NonNullable<RequestHooks['onMatch']>[] = []
  readonly onError: NonNullable<RequestHooks['onError']>[] = []
  readonly onResponse: NonNullable<RequestHooks['onResponse']>[] = []

  constructor(private readonly log: Logger) {}

  add(hooks: RequestHooks): void {
    for (const name of ['onRequest', 'onMatch', 'onError', 'onResponse'] as HookName[]) {
      const hook = hooks[name]
      if (hook) (this[name] as unknown[]).push(hook.bind(hooks))
    }
  }

  /** Calls each hook of a list; a throwing hook is logged, never propagated. */
  call<A extends unknown[]>(hooks: readonly ((...args: A) => void)[], ...args: A): void {
    for (const hook of hooks) {
      try {
        hook(...args)
      } catch (error) {
        try {
          this.log.error({ err: error }, 'A request hook failed')
        } catch {
          // A logger that throws has nothing left to tell.
        }
      }
    }
  }
}
