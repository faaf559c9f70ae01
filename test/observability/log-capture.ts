import { pino } from 'pino'
import { logContextFields } from 'wharfjs/observability'

/**
 * A pino logger whose records land in `records` (parsed), for asserting on what the app logged. Like
 * the loggers Wharf builds, it takes the trace ids from `logContextFields`.
 */
export function capturedLogger(): { logger: pino.Logger; records: Record<string, any>[] } {
  const records: Record<string, any>[] = []
  const logger = pino(
    { level: 'info', mixin: logContextFields },
    { write: (line: string) => records.push(JSON.parse(line)) },
  )
  return { logger, records }
}

/** Two turns of the event loop: reports deferred with setImmediate have run. */
export const loopTurns = () => new Promise((resolve) => setImmediate(() => setImmediate(resolve)))

/** Keeps this thread busy for `ms`, never yielding (what a blocking route does). */
export function burn(ms: number): void {
  const end = performance.now() + ms
  while (performance.now() < end);
}
