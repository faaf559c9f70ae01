import type { App } from '../app.ts'
import { detectBlocking } from '../observability/blocking.ts'
import { enableHealth, healthOf } from '../observability/health.ts'
import { shedLoad } from '../observability/load-shedding.ts'
import { enableMetrics } from '../observability/metrics.ts'
import { ACCESS_LOG_FORMATS, type AccessLogFormat } from '../pipeline/access-log-format.ts'
import { parseDuration } from './duration.ts'
import type { OptionSpec, ParsedCommand } from './options.ts'
import { UsageError } from './usage-error.ts'

/** What `wharf dev` and `wharf run` turn on for observability, read from the command line. */
export interface ObservabilitySettings {
  metrics: boolean
  /** Blocks of the event loop at least this long (ms) are logged; undefined: detection off. */
  blockingThreshold: number | undefined
  /** Time every callback, to name the blocking route at once (dev). */
  blockingPrecise: boolean
  /** Liveness and readiness endpoints. */
  health: boolean
  /** On SIGTERM, readiness turns 503 this long (ms) before the listener closes. */
  drainDelay: number
  /** Shed requests (503) while the mean event-loop delay passes this (ms); undefined: never. */
  maxEventLoopDelay: number | undefined
  accessLogFormat: AccessLogFormat
}

/** The observability options `wharf dev` and `wharf run` share. */
export const observabilityOptions: OptionSpec[] = [
  {
    name: 'access-log-format',
    type: 'string',
    value: 'FORMAT',
    help: 'json (log records), common or combined (Apache text lines, plus request id, duration, queueing delay and trace id).',
    defaultText: 'json',
  },
  {
    name: 'metrics',
    type: 'boolean',
    help: 'Serve Prometheus metrics at /metrics (not in the OpenAPI document); with --workers, all workers aggregated.',
    defaultText: 'off',
  },
  {
    name: 'detect-blocking',
    type: 'boolean',
    help: 'Log a warning naming the route whose code blocked the event loop past --blocking-threshold. --no-detect-blocking turns it off.',
    defaultText: 'on',
  },
  {
    name: 'blocking-threshold',
    type: 'string',
    value: 'DURATION',
    help: 'How long the event loop must be blocked to be reported (100ms, 0.5s…).',
    defaultText: '100ms',
  },
  {
    name: 'blocking-precise',
    type: 'boolean',
    help: 'Time every callback so each block is pinned on its route at once (about 1 µs per request); otherwise only after a first block.',
    defaultText: 'dev: on, run: off',
  },
  {
    name: 'health',
    type: 'boolean',
    help: 'Serve GET /livez (200 while the process answers) and GET /readyz (503 while starting, draining or overloaded).',
    defaultText: 'off',
  },
  {
    name: 'drain-delay',
    type: 'string',
    value: 'DURATION',
    help: 'On SIGTERM, answer /readyz with 503 this long before closing the listener, so load balancers stop routing here first.',
    defaultText: '0',
  },
  {
    name: 'max-event-loop-delay',
    type: 'string',
    value: 'DURATION',
    help: 'Shed load: while the mean event-loop delay passes this, new requests get 503 with Retry-After (health endpoints excepted).',
    defaultText: 'no limit',
  },
]

/**
 * Reads the observability options.
 *
 * @example
 * readObservabilitySettings('run', parsed).metrics // true for --metrics
 */
export function readObservabilitySettings(mode: 'dev' | 'run', parsed: ParsedCommand): ObservabilitySettings {
  const threshold = parsed.values['blocking-threshold'] as string | undefined
  const drainDelay = parsed.values['drain-delay'] as string | undefined
  const maxDelay = parsed.values['max-event-loop-delay'] as string | undefined
  const format = (parsed.values['access-log-format'] as string | undefined) ?? 'json'
  if (!(ACCESS_LOG_FORMATS as readonly string[]).includes(format))
    throw new UsageError(
      `--access-log-format must be one of ${ACCESS_LOG_FORMATS.join(', ')}; got "${format}"`,
    )
  return {
    accessLogFormat: format as AccessLogFormat,
    metrics: parsed.values.metrics === true,
    blockingThreshold:
      parsed.values['detect-blocking'] === false
        ? undefined
        : threshold === undefined
          ? 100
          : parseDuration('--blocking-threshold', threshold),
    blockingPrecise: (parsed.values['blocking-precise'] as boolean | undefined) ?? mode === 'dev',
    health: parsed.values.health === true,
    drainDelay: drainDelay === undefined ? 0 : parseDuration('--drain-delay', drainDelay),
    maxEventLoopDelay: maxDelay === undefined ? undefined : parseDuration('--max-event-loop-delay', maxDelay),
  }
}

/**
 * The `wharf run` arguments that reproduce the settings (the dev supervisor starts its server this way).
 *
 * @example
 * observabilityArguments({ metrics: true, blockingThreshold: 100, blockingPrecise: true })
 * // ['--metrics', '--blocking-threshold', '100ms', '--blocking-precise']
 */
export function observabilityArguments(settings: ObservabilitySettings): string[] {
  const args = settings.metrics ? ['--metrics'] : []
  if (settings.accessLogFormat !== 'json') args.push('--access-log-format', settings.accessLogFormat)
  if (settings.blockingThreshold === undefined) args.push('--no-detect-blocking')
  else args.push('--blocking-threshold', `${settings.blockingThreshold}ms`)
  args.push(settings.blockingPrecise ? '--blocking-precise' : '--no-blocking-precise')
  if (settings.health) args.push('--health')
  if (settings.drainDelay > 0) args.push('--drain-delay', `${settings.drainDelay}ms`)
  if (settings.maxEventLoopDelay !== undefined)
    args.push('--max-event-loop-delay', `${settings.maxEventLoopDelay}ms`)
  return args
}

/**
 * Turns on, for the loaded app, what the command line asked for (before it is built and served).
 *
 * @example
 * applyObservability(app, settings.observability)
 */
export function applyObservability(app: App<any, any>, settings: ObservabilitySettings): void {
  // Shedding first: a refused request should cost as little as possible.
  if (settings.maxEventLoopDelay !== undefined)
    shedLoad(app, { maxEventLoopDelay: settings.maxEventLoopDelay })
  if (settings.metrics) enableMetrics(app)
  if (settings.health) enableHealth(app)
  if (settings.blockingThreshold !== undefined)
    detectBlocking(app, { threshold: settings.blockingThreshold, precise: settings.blockingPrecise })
}

/**
 * Before the listener closes on SIGTERM: readiness turns 503 and, for `--drain-delay`, the server
 * keeps serving while load balancers notice.
 *
 * @example
 * await drainBeforeClose(app, settings.observability)
 * await server.close()
 */
export async function drainBeforeClose(app: App<any, any>, settings: ObservabilitySettings): Promise<void> {
  const health = healthOf(app)
  if (health !== undefined) await health.drain(settings.drainDelay)
  else if (settings.drainDelay > 0) await new Promise((resolve) => setTimeout(resolve, settings.drainDelay))
}
