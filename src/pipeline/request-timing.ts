import type { Context } from '../context.ts'

/** Requests that waited for a blocked loop before they could be read, and for how long (ms). */
const queued = new WeakMap<Context, number>()

/**
 * Records that a request waited up to `ms` for the event loop before it was read (only requests read
 * right after a detected block get an entry).
 *
 * @example
 * noteQueued(ctx, 480)
 */
export function noteQueued(ctx: Context, ms: number): void {
  queued.set(ctx, ms)
}

/**
 * How long the request may have waited for a blocked loop before it was read, in ms (0: it did not,
 * or blocking detection is off).
 *
 * @example
 * queuedMsOf(ctx) // 480
 */
export function queuedMsOf(ctx: Context): number {
  return queued.get(ctx) ?? 0
}
