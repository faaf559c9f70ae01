import type { App } from '../app.ts'
import { detectBlocking } from '../observability/blocking.ts'
import { enableMetrics } from '../observability/metrics.ts'
import { parseDuration } from './duration.ts'
import type { OptionSpec, ParsedCommand } from './options.ts'

/** What `wharf dev` and `wharf run` turn on for observability, read from the command line. */
export interface ObservabilitySettings {
  metrics: boolean
  /** Blocks of the event loop at least this long (ms) are logged; undefined: detection off. */
  blockingThreshold: number | undefined
  /** Time every callback, to name the blocking route at once (dev). */
  blockingPrecise: boolean
}

/** The observability options `wharf dev` and `wharf run` share. */
export const observabilityOptions: OptionSpec[] = [
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
]

/**
 * Reads the observability options.
 *
 * @example
 * readObservabilitySettings('run', parsed).metrics // true for --metrics
 */
export function readObservabilitySettings(mode: 'dev' | 'run', parsed: ParsedCommand): ObservabilitySettings {
  const threshold = parsed.values['blocking-threshold'] as string | undefined
  return {
    metrics: parsed.values.metrics === true,
    blockingThreshold:
      parsed.values['detect-blocking'] === false
        ? undefined
        : threshold === undefined
          ? 100
          : parseDuration('--blocking-threshold', threshold),
    blockingPrecise: (parsed.values['blocking-precise'] as boolean | undefined) ?? mode === 'dev',
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
  if (settings.blockingThreshold === undefined) args.push('--no-detect-blocking')
  else args.push('--blocking-threshold', `${settings.blockingThreshold}ms`)
  args.push(settings.blockingPrecise ? '--blocking-precise' : '--no-blocking-precise')
  return args
}

/**
 * Turns on, for the loaded app, what the command line asked for (before it is built and served).
 *
 * @example
 * applyObservability(app, settings.observability)
 */
export function applyObservability(app: App<any, any>, settings: ObservabilitySettings): void {
  if (settings.metrics) enableMetrics(app)
  if (settings.blockingThreshold !== undefined)
    detectBlocking(app, { threshold: settings.blockingThreshold, precise: settings.blockingPrecise })
}
