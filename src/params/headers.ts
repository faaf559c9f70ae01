import type { RequestView } from '../request.ts'
import type { RawValue } from './coerce.ts'

/**
 * The raw header values a route's header parameters read: `headers`, except that a list-declared
 * header (`xToken: t.Array(t.String())`) sent twice gets both values (`["foo", "bar"]`, as FastAPI
 * reads them) rather than node:http's joined `"foo, bar"`, where the transport keeps them apart.
 *
 * @example
 * headerValues(request, ['x-token']) // { ..., 'x-token': ['foo', 'bar'] }
 */
export function headerValues(
  request: RequestView,
  listKeys: readonly string[],
): Record<string, RawValue | undefined> {
  const headers = request.headers as Record<string, RawValue | undefined>
  const distinct = request.headersDistinct
  if (listKeys.length === 0 || distinct === undefined) return headers
  const values = { ...headers }
  for (const key of listKeys) if (distinct[key] !== undefined) values[key] = distinct[key]
  return values
}
