import type { App } from '../app.ts'
import { enableMetrics } from '../observability/metrics.ts'
import type { OptionSpec, ParsedCommand } from './options.ts'

/** What `wharf dev` and `wharf run` turn on for observability, read from the command line. */
export interface ObservabilitySettings {
  metrics: boolean
}

/** The observability options `wharf dev` and `wharf run` share. */
export const observabilityOptions: OptionSpec[] = [
  {
    name: 'metrics',
    type: 'boolean',
    help: 'Serve Prometheus metrics at /metrics (not in the OpenAPI document); with --workers, all workers aggregated.',
    defaultText: 'off',
  },
]

/**
 * Reads the observability options.
 *
 * @example
 * readObservabilitySettings(parsed).metrics // true for --metrics
 */
export function readObservabilitySettings(parsed: ParsedCommand): ObservabilitySettings {
  return { metrics: parsed.values.metrics === true }
}

/**
 * The `wharf run` arguments that reproduce the settings (the dev supervisor starts its server this way).
 *
 * @example
 * observabilityArguments({ metrics: true }) // ['--metrics']
 */
export function observabilityArguments(settings: ObservabilitySettings): string[] {
  return settings.metrics ? ['--metrics'] : []
}

/**
 * Turns on, for the loaded app, what the command line asked for (before it is built and served).
 *
 * @example
 * applyObservability(app, settings.observability)
 */
export function applyObservability(app: App<any, any>, settings: ObservabilitySettings): void {
  if (settings.metrics) enableMetrics(app)
}
