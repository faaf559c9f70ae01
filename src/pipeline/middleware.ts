import type { Context } from '../context.ts'
import { WharfError } from '../errors.ts'
import type { Exchange } from '../exchange.ts'
import type { HTTPResponse } from '../response.ts'

/** Calls the rest of the chain (inner middleware, then the route) and resolves to its response. */
export type Next = () => Promise<HTTPResponse>

/**
 * Onion middleware: code before `await next()` runs on the way in, code after it on the way out.
 * Return the response (changed or replaced), or nothing to pass on the one `next()` gave.
 *
 * @example
 * app.use(async (ctx, next) => {
 *   const started = performance.now()
 *   const response = await next()
 *   response.headers['server-timing'] = `app;dur=${(performance.now() - started).toFixed(1)}`
 * })
 */
// biome-ignore lint/suspicious/noConfusingVoidType: `async (ctx, next) => { await next() }` returns Promise<void>; it must be accepted.
export type Middleware = (ctx: Context, next: Next) => Promise<HTTPResponse | void> | HTTPResponse | void

/** One step of the chain: the request's exchange in, its response out. */
export type Step = (exchange: Exchange) => Promise<HTTPResponse>

/**
 * Composes middleware once, at build time, around `endpoint`. The first registered is the outermost.
 * Whatever fails further in (the route, or an inner middleware) reaches a layer as the response
 * `answer` makes of it, so every outer middleware sees it (CORS headers on a 500 too). With no
 * middleware the endpoint itself is returned: the common case pays nothing.
 */
export function compose(
  middleware: readonly Middleware[],
  endpoint: Step,
  answer: (error: unknown, exchange: Exchange) => Promise<HTTPResponse>,
): Step {
  if (middleware.length === 0) return endpoint
  return (exchange) => {
    const { ctx } = exchange
    const dispatch = async (index: number): Promise<HTTPResponse> => {
      if (index === middleware.length) return endpoint(exchange)
      let downstream: HTTPResponse | undefined
      let called = false
      const next: Next = async () => {
        if (called) throw new WharfError('WHARF_MIDDLEWARE_NEXT_TWICE', 'next() called multiple times')
        called = true
        downstream = await dispatch(index + 1).catch((error: unknown) => answer(error, exchange))
        return downstream
      }
      const result = await middleware[index]!(ctx, next)
      if (result) return result
      if (downstream) return downstream
      throw new TypeError('A middleware neither returned a response nor called next()')
    }
    return dispatch(0)
  }
}
