import { createRequire } from 'node:module'
import type { Logger, LoggerOptions } from 'pino'
import { logContextFields } from './log-context.ts'
import { turnBatchedStdout } from './log-destination.ts'

// pino is loaded only when something will be logged: `logger: false` (tests, benchmarks, apps that
// log their own way) skips its ~8 MiB and its share of startup.
const require = createRequire(import.meta.url)

const noop = () => {}

/** A logger that drops everything, shaped like pino's so `app.log` and `ctx.log` work unchanged. */
function silentLogger(): Logger {
  const silent: Record<string, unknown> = {
    level: 'silent',
    levels: { values: {}, labels: {} },
    trace: noop,
    debug: noop,
    info: noop,
    warn: noop,
    error: noop,
    fatal: noop,
    silent: noop,
    flush: noop,
    bindings: () => ({}),
    setBindings: noop,
    isLevelEnabled: () => false,
    on: noop,
  }
  silent.child = () => silent
  return silent as unknown as Logger
}

/**
 * The app's logger from the `logger` option: a pino instance as given, pino built from options
 * (level from `$WHARF_LOG_LEVEL`, default `info`) writing to stdout once per event-loop turn (see
 * `TurnBatchedDestination`), or a silent one for `false`.
 *
 * @example
 * const log = createLogger({ level: 'debug' })
 */
export function createLogger(option: Logger | LoggerOptions | false | undefined): Logger {
  if (option === false) return silentLogger()
  if (option && typeof (option as Logger).child === 'function') return option as Logger
  const { pino } = require('pino') as typeof import('pino')
  // The mixin adds the current trace and span ids to every line while tracing is on (see tracing.ts).
  const options: LoggerOptions = {
    level: process.env.WHARF_LOG_LEVEL ?? 'info',
    mixin: logContextFields,
    ...(option as LoggerOptions | undefined),
  }
  // A transport writes elsewhere, by itself; AWS Lambda freezes the process once it has answered, so
  // its lines are written at once, as pino advises there.
  if (options.transport || process.env.AWS_LAMBDA_FUNCTION_NAME) return pino(options)
  return pino(
    options,
    turnBatchedStdout(() => pino.destination({ dest: 1, sync: true })),
  )
}
