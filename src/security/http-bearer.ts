import type { Dependency } from '../di/depends.ts'
import { splitAuthorization } from './authorization.ts'
import { notAuthenticated } from './challenge.ts'
import { type Credential, missing, type SecurityOptions, securityDependency } from './options.ts'

/**
 * An `Authorization` header's scheme and credentials, as `HTTPBearer` provides them.
 *
 * @example
 * const token = (auth: HTTPAuthorizationCredentials) => auth.credentials
 */
export interface HTTPAuthorizationCredentials {
  /** The scheme as sent (`Bearer`; matched case-insensitively). */
  scheme: string
  /** The token. */
  credentials: string
}

/**
 * Options of `HTTPBearer`.
 *
 * @example
 * HTTPBearer({ bearerFormat: 'JWT', autoError: false })
 */
export interface HTTPBearerOptions<AutoError extends boolean = true> extends SecurityOptions<AutoError> {
  /** A hint for the docs about the token's format, e.g. `JWT`. */
  bearerFormat?: string
}

/**
 * HTTP Bearer authentication (RFC 6750); provides `{ scheme, credentials }`. A missing header, an empty
 * token or another scheme (`Basic …`) → 401 `{"detail":"Not authenticated"}` with
 * `WWW-Authenticate: Bearer` (FastAPI ≥ 0.122; older versions answered 403), or `undefined` with
 * `autoError: false`.
 *
 * @example
 * const bearer = HTTPBearer({ bearerFormat: 'JWT' })
 * app.get('/me', { deps: { auth: bearer } }, ({ deps }) => verify(deps.auth.credentials))
 */
export function HTTPBearer<AutoError extends boolean = true>(
  options: HTTPBearerOptions<AutoError> = {},
): Dependency<Credential<HTTPAuthorizationCredentials, AutoError>, {}> {
  const scheme =
    options.bearerFormat === undefined
      ? { type: 'http', scheme: 'bearer' }
      : { type: 'http', scheme: 'bearer', bearerFormat: options.bearerFormat }
  return securityDependency('HTTPBearer', scheme, options, (ctx) => {
    const parts = splitAuthorization(ctx.request.headers.authorization)
    if (parts.scheme.toLowerCase() !== 'bearer' || parts.credentials === '') {
      return missing(options, notAuthenticated(options.challenge ?? 'Bearer')) as Credential<
        HTTPAuthorizationCredentials,
        AutoError
      >
    }
    return parts
  })
}
