import type { Context } from '../context.ts'

/**
 * The `route` label of requests that matched no route (404s, 405s, slash redirects): one fixed value,
 * so scans of random paths cannot create a series each. It cannot clash with a template (those start with `/`).
 */
export const UNMATCHED_ROUTE = 'unmatched'

/**
 * The route template a request is reported under: never the raw path.
 *
 * @example
 * routeLabel(ctx) // '/items/{id}' for GET /items/42
 */
export function routeLabel(ctx: Context): string {
  return ctx.route ?? UNMATCHED_ROUTE
}

// node:http only accepts known methods, but the fetch adapter takes any token: bound the label set.
const KNOWN_METHODS = new Set([
  'GET',
  'HEAD',
  'POST',
  'PUT',
  'PATCH',
  'DELETE',
  'OPTIONS',
  'TRACE',
  'CONNECT',
])

/**
 * The `method` label: the method, or `OTHER` for anything outside the standard ones.
 *
 * @example
 * methodLabel('GET') // 'GET'
 */
export function methodLabel(method: string): string {
  return KNOWN_METHODS.has(method) ? method : 'OTHER'
}
