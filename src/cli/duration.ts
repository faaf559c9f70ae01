import { UsageError } from './usage-error.ts'

const UNITS: Record<string, number> = { ms: 1, s: 1_000, m: 60_000 }

/**
 * Parses a duration option into ms. A bare number is seconds, as in uvicorn (`--timeout-keep-alive 5`);
 * `500ms`, `5s` and `2m` say their unit.
 *
 * @example
 * parseDuration('--shutdown-timeout', '30') // 30000
 * parseDuration('--keep-alive-timeout', '500ms') // 500
 */
export function parseDuration(option: string, text: string): number {
  const match = /^(\d+(?:\.\d+)?)(ms|s|m)?$/.exec(text.trim())
  if (!match) throw new UsageError(`${option} must be a duration like 30, 30s, 500ms or 2m; got "${text}"`)
  return Math.round(Number(match[1]) * UNITS[match[2] ?? 's']!)
}
