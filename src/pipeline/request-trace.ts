import type { Context } from '../context.ts'

/** The trace ids of traced requests, for the access log (which runs outside the request's context). */
const traceIds = new WeakMap<Context, string>()

/**
 * Records the trace id of a traced request.
 *
 * @example
 * noteTraceId(ctx, span.spanContext().traceId)
 */
export function noteTraceId(ctx: Context, traceId: string): void {
  traceIds.set(ctx, traceId)
}

/**
 * The trace id of a request, when tracing recorded one.
 *
 * @example
 * traceIdOf(ctx) // '4bf92f3577b34da6a3ce929d0e0e4736'
 */
export function traceIdOf(ctx: Context): string | undefined {
  return traceIds.get(ctx)
}
