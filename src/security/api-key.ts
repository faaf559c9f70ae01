import { parse as parseQuery } from 'fast-querystring'
import type { Dependency } from '../di/depends.ts'
import { parseCookies } from '../params/cookies.ts'
import { notAuthenticated } from './challenge.ts'
import { type Credential, missing, type SecurityOptions, securityDependency } from './options.ts'

/**
 * Options of `APIKeyHeader`, `APIKeyQuery` and `APIKeyCookie`.
 *
 * @example
 * APIKeyHeader({ name: 'x-api-key', schemeName: 'PartnerKey', autoError: false })
 */
export interface APIKeyOptions<AutoError extends boolean = true> extends SecurityOptions<AutoError> {
  /** The header, query parameter or cookie that carries the key. */
  name: string
}

type Location = 'header' | 'query' | 'cookie'

/**
 * API keys have no standard challenge, but a 401 must carry one (RFC 9110), so FastAPI sends the custom
 * `APIKey` challenge; so does Wharf. An empty key counts as missing, as in FastAPI.
 */
function apiKey<AutoError extends boolean>(
  utility: string,
  location: Location,
  options: APIKeyOptions<AutoError>,
  read: (request: { headers: Record<string, string | string[] | undefined>; search: string }) => unknown,
): Dependency<Credential<string, AutoError>, {}> {
  const scheme = { type: 'apiKey', in: location, name: options.name }
  return securityDependency(utility, scheme, options, (ctx) => {
    const key = read({ headers: ctx.request.headers, search: ctx.search })
    if (typeof key === 'string' && key !== '') return key
    return missing(options, notAuthenticated(options.challenge ?? 'APIKey')) as Credential<string, AutoError>
  })
}

const single = (value: unknown): unknown => (Array.isArray(value) ? value.at(-1) : value)

/**
 * An API key read from a request header; provides the key. Missing → 401 `{"detail":"Not authenticated"}`
 * with `WWW-Authenticate: APIKey` (or `undefined` with `autoError: false`).
 *
 * @example
 * const apiKey = APIKeyHeader({ name: 'x-api-key' })
 * app.get('/reports', { deps: { key: apiKey } }, ({ deps }) => reportsFor(deps.key))
 */
export function APIKeyHeader<AutoError extends boolean = true>(
  options: APIKeyOptions<AutoError>,
): Dependency<Credential<string, AutoError>, {}> {
  const header = options.name.toLowerCase()
  return apiKey('APIKeyHeader', 'header', options, ({ headers }) => single(headers[header]))
}

/**
 * An API key read from a query parameter (the last one when repeated, like Wharf's query params).
 *
 * @example
 * const apiKey = APIKeyQuery({ name: 'api_key' })
 * app.get('/feed', { deps: { key: apiKey } }, ({ deps }) => feedFor(deps.key))
 */
export function APIKeyQuery<AutoError extends boolean = true>(
  options: APIKeyOptions<AutoError>,
): Dependency<Credential<string, AutoError>, {}> {
  return apiKey('APIKeyQuery', 'query', options, ({ search }) =>
    search === '' ? undefined : single(parseQuery(search)[options.name]),
  )
}

/**
 * An API key read from a cookie.
 *
 * @example
 * const session = APIKeyCookie({ name: 'session' })
 * app.get('/cart', { deps: { session } }, ({ deps }) => carts.get(deps.session))
 */
export function APIKeyCookie<AutoError extends boolean = true>(
  options: APIKeyOptions<AutoError>,
): Dependency<Credential<string, AutoError>, {}> {
  return apiKey('APIKeyCookie', 'cookie', options, ({ headers }) => {
    const cookie = single(headers.cookie)
    return parseCookies(typeof cookie === 'string' ? cookie : undefined)[options.name]
  })
}
