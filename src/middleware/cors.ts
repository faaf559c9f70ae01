import type { Context } from '../context.ts'
import type { Middleware } from '../pipeline/middleware.ts'
import { type HeaderMap, type HTTPResponse, text } from '../response.ts'
import { addVary } from './vary.ts'

/** What `allowMethods: ['*']` stands for, as in Starlette. */
const ALL_METHODS = ['DELETE', 'GET', 'HEAD', 'OPTIONS', 'PATCH', 'POST', 'PUT']

/**
 * Request headers a browser may send cross-origin without asking (the Fetch standard's
 * CORS-safelisted request headers); Starlette always lists them in `access-control-allow-headers`.
 */
const SAFELISTED_HEADERS = ['Accept', 'Accept-Language', 'Content-Language', 'Content-Type']

/**
 * Options of `cors()`: the names and defaults of Starlette's `CORSMiddleware`, camel-cased.
 *
 * Requests without an `Origin` header are passed through untouched. A preflight (`OPTIONS` with
 * `Origin` and `Access-Control-Request-Method`) is answered by the middleware itself, never by a
 * route: 200 `OK`, or 400 `Disallowed CORS origin` (`method`, `headers`, `private-network`, comma
 * separated, for each check that failed). Any other request from an allowed origin gets
 * `access-control-allow-origin` (plus `-allow-credentials` and `-expose-headers` when configured) on
 * whatever response the app gives, errors included.
 */
export interface CORSOptions {
  /** Origins allowed to read responses, e.g. `['https://example.com']`; `['*']` allows any. Default none. */
  allowOrigins?: readonly string[]
  /** A pattern the whole origin must match, e.g. `'https://.*\\.example\\.org'`. Default none. */
  allowOriginRegex?: string | RegExp
  /** Methods a preflight may ask for; `['*']` means all of them. Default `['GET']`. */
  allowMethods?: readonly string[]
  /**
   * Request headers a preflight may ask for, besides the safelisted ones (always allowed); `['*']`
   * allows (and echoes) whatever is asked. Default none.
   */
  allowHeaders?: readonly string[]
  /** Whether cookies and `Authorization` may be sent cross-origin. Default false. */
  allowCredentials?: boolean
  /** Answer Private Network Access preflights (`Access-Control-Request-Private-Network`). Default false. */
  allowPrivateNetwork?: boolean
  /** Response headers the browser lets the page read. Default none. */
  exposeHeaders?: readonly string[]
  /** How long, in seconds, a browser may cache a preflight answer. Default 600. */
  maxAge?: number
}

/** Starlette's `fullmatch`: the pattern must cover the whole origin. */
function wholeMatch(pattern: string | RegExp): RegExp {
  const source = typeof pattern === 'string' ? pattern : pattern.source
  const flags = typeof pattern === 'string' ? '' : pattern.flags.replace(/[gy]/g, '')
  return new RegExp(`^(?:${source})$`, flags)
}

/**
 * CORS, as Starlette's `CORSMiddleware` does it (Fetch standard, "CORS protocol"). Add it first, so
 * that it is outermost: it then answers preflights before anything else runs and puts its headers on
 * every response, 404, 422 and 500 included.
 *
 * @example
 * app.use(cors({ allowOrigins: ['https://example.com'], allowCredentials: true }))
 */
export function cors(options: CORSOptions = {}): Middleware {
  const allowOrigins = new Set(options.allowOrigins ?? [])
  const allowMethods = (options.allowMethods ?? ['GET']).includes('*')
    ? ALL_METHODS
    : [...(options.allowMethods ?? ['GET'])]
  const allowCredentials = options.allowCredentials ?? false
  const allowPrivateNetwork = options.allowPrivateNetwork ?? false
  const exposeHeaders = options.exposeHeaders ?? []
  const originRegex =
    options.allowOriginRegex === undefined ? undefined : wholeMatch(options.allowOriginRegex)
  const allowAllOrigins = allowOrigins.has('*')
  const allowAllHeaders = (options.allowHeaders ?? []).includes('*')
  // With credentials, `*` is not accepted by browsers: the origin must be named (Fetch standard).
  const echoOrigin = !allowAllOrigins || allowCredentials
  // Sorted by code point after merging, exactly as Starlette's `sorted(SAFELISTED_HEADERS | set(...))`.
  const allowHeaders = [...new Set([...SAFELISTED_HEADERS, ...(options.allowHeaders ?? [])])].sort((a, b) =>
    a < b ? -1 : a > b ? 1 : 0,
  )
  const allowHeadersLower = new Set(allowHeaders.map((name) => name.toLowerCase()))

  const simpleHeaders: HeaderMap = {}
  if (allowAllOrigins) simpleHeaders['access-control-allow-origin'] = '*'
  if (allowCredentials) simpleHeaders['access-control-allow-credentials'] = 'true'
  if (exposeHeaders.length > 0) simpleHeaders['access-control-expose-headers'] = exposeHeaders.join(', ')

  const preflightHeaders: HeaderMap = {}
  if (echoOrigin) preflightHeaders.vary = 'Origin'
  else preflightHeaders['access-control-allow-origin'] = '*'
  preflightHeaders['access-control-allow-methods'] = allowMethods.join(', ')
  preflightHeaders['access-control-max-age'] = String(options.maxAge ?? 600)
  if (!allowAllHeaders) preflightHeaders['access-control-allow-headers'] = allowHeaders.join(', ')
  if (allowCredentials) preflightHeaders['access-control-allow-credentials'] = 'true'

  const isAllowedOrigin = (origin: string): boolean =>
    allowAllOrigins || originRegex?.test(origin) === true || allowOrigins.has(origin)

  const preflight = (ctx: Context, origin: string): HTTPResponse => {
    const request = ctx.request.headers
    const headers: HeaderMap = { ...preflightHeaders }
    const failures: string[] = []
    if (isAllowedOrigin(origin)) {
      if (echoOrigin) headers['access-control-allow-origin'] = origin
    } else failures.push('origin')
    if (!allowMethods.includes(String(request['access-control-request-method']))) failures.push('method')
    const requestedHeaders = request['access-control-request-headers'] as string | undefined
    if (requestedHeaders !== undefined) {
      // `*` cannot be sent back as a wildcard when credentials are allowed; echoing works in every case.
      if (allowAllHeaders) headers['access-control-allow-headers'] = requestedHeaders
      else if (requestedHeaders.split(',').some((name) => !allowHeadersLower.has(name.trim().toLowerCase())))
        failures.push('headers')
    }
    if (request['access-control-request-private-network'] !== undefined) {
      if (allowPrivateNetwork) headers['access-control-allow-private-network'] = 'true'
      else failures.push('private-network')
    }
    // A 400 is not needed (the browser enforces the policy either way) but says what was refused.
    if (failures.length > 0) return text(`Disallowed CORS ${failures.join(', ')}`, { status: 400, headers })
    return text('OK', { headers })
  }

  const decorate = (ctx: Context, origin: string, response: HTTPResponse): void => {
    const headers = response.headers
    const request = ctx.request.headers
    if (allowAllOrigins) {
      Object.assign(headers, simpleHeaders)
      // A credentialed request is refused by browsers when the answer is `*`: name the origin instead.
      // Starlette's precedence, kept: a cookie alone is enough, `Authorization` only with credentials.
      if ((allowCredentials && request.authorization !== undefined) || request.cookie !== undefined) {
        headers['access-control-allow-origin'] = origin
        addVary(headers, 'Origin')
      }
    } else if (isAllowedOrigin(origin)) {
      Object.assign(headers, simpleHeaders)
      headers['access-control-allow-origin'] = origin
      // The answer depends on Origin: caches must keep one copy per origin (RFC 9110 §12.5.5).
      addVary(headers, 'Origin')
    }
  }

  return async (ctx, next) => {
    const origin = ctx.request.headers.origin
    if (origin === undefined) return next()
    if (ctx.method === 'OPTIONS' && ctx.request.headers['access-control-request-method'] !== undefined)
      return preflight(ctx, origin)
    const response = await next()
    decorate(ctx, origin, response)
    return response
  }
}
