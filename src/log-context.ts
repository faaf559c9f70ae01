/**
 * Fields every log line of the app logger carries from the current async context (the trace and span
 * ids while a request is traced), through pino's `mixin`. Nothing registers a source unless tracing
 * is on; then each line pays one function call.
 */
let source: (() => object) | undefined

/**
 * Sets where log lines take their context fields from (tracing does; one source per process).
 *
 * @example
 * setLogContextSource(() => ({ trace_id: currentTraceId() }))
 */
export function setLogContextSource(read: () => object): void {
  source = read
}

/**
 * pino's `mixin` for loggers Wharf builds: the current context's fields (the trace and span ids while
 * tracing), or none. A pino logger of your own (`new App({ logger })`) gets them with it too.
 *
 * @example
 * import { logContextFields } from 'wharfjs/observability'
 * const app = new App({ logger: pino({ mixin: logContextFields }) })
 */
export function logContextFields(): object {
  // A fresh object each time: pino merges the line's fields into what the mixin returns.
  return source === undefined ? {} : source()
}
