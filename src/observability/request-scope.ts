import { AsyncLocalStorage } from 'node:async_hooks'
import type { Context } from '../context.ts'

/**
 * The request whose code is running, for attributing what happens on the loop (a blocked loop, a
 * log line) to a request. Set by `enterRequest` when a feature that needs it is on; otherwise never
 * touched, so it costs nothing.
 */
const running = new AsyncLocalStorage<Context>()

/**
 * Marks the rest of this synchronous run, and every continuation created from it, as the request's.
 * Called at the start of a request (the handler runs in what follows).
 *
 * @example
 * onRequest: (ctx) => enterRequest(ctx)
 */
export function enterRequest(ctx: Context): void {
  running.enterWith(ctx)
}

/**
 * The context of the request whose code is running, if any.
 *
 * @example
 * currentRequest()?.route // '/items/{id}'
 */
export function currentRequest(): Context | undefined {
  return running.getStore()
}
