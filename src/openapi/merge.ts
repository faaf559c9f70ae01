/**
 * Deep-merges `extra` into `target` (objects merged key by key, everything else replaced), as FastAPI
 * merges `openapi_extra` into an operation.
 *
 * @example
 * deepMerge({ responses: { 200: { description: 'OK' } } }, { responses: { 200: { 'x-cache': true } } })
 * // { responses: { 200: { description: 'OK', 'x-cache': true } } }
 */
export function deepMerge<T extends Record<string, unknown>>(target: T, extra: Record<string, unknown>): T {
  const record = target as Record<string, unknown>
  for (const [key, value] of Object.entries(extra)) {
    const current = record[key]
    record[key] = isPlainObject(current) && isPlainObject(value) ? deepMerge({ ...current }, value) : value
  }
  return target
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}
