import type { Dependency } from '../di/depends.ts'
import { splitAuthorization } from './authorization.ts'
import { notAuthenticated } from './challenge.ts'
import { type Credential, missing, type SecurityOptions, securityDependency } from './options.ts'

/**
 * Options of `OAuth2PasswordBearer`.
 *
 * @example
 * OAuth2PasswordBearer({ tokenUrl: '/token', scopes: { 'items:read': 'Read items' } })
 */
export interface OAuth2PasswordBearerOptions<AutoError extends boolean = true>
  extends SecurityOptions<AutoError> {
  /** Where clients get a token (your `POST /token` route); the docs UIs log in there. Relative URLs are fine. */
  tokenUrl: string
  /** The scopes the token endpoint can grant, with a description each, for the OpenAPI document. */
  scopes?: Record<string, string>
  /** Where clients refresh a token, if anywhere. */
  refreshUrl?: string
}

/**
 * OAuth2 password flow with bearer tokens; provides the token string from `Authorization: Bearer …`.
 * Missing header, another scheme or an empty token → 401 `{"detail":"Not authenticated"}` with
 * `WWW-Authenticate: Bearer` (or `undefined` with `autoError: false`). Verifying the token is up to a
 * dependency of yours that uses this one.
 *
 * @example
 * const oauth2 = OAuth2PasswordBearer({ tokenUrl: '/token' })
 * const currentUser = Depends({ deps: { token: oauth2 } }, ({ deps }) => usersByToken(deps.token))
 * app.get('/users/me', { deps: { user: currentUser } }, ({ deps }) => deps.user)
 */
export function OAuth2PasswordBearer<AutoError extends boolean = true>(
  options: OAuth2PasswordBearerOptions<AutoError>,
): Dependency<Credential<string, AutoError>, {}> {
  const password: Record<string, unknown> = { scopes: options.scopes ?? {}, tokenUrl: options.tokenUrl }
  if (options.refreshUrl !== undefined) password.refreshUrl = options.refreshUrl
  const scheme = { type: 'oauth2', flows: { password } }
  return securityDependency('OAuth2PasswordBearer', scheme, options, (ctx) => {
    const { scheme, credentials } = splitAuthorization(ctx.request.headers.authorization)
    if (scheme.toLowerCase() !== 'bearer' || credentials === '') {
      return missing(options, notAuthenticated(options.challenge ?? 'Bearer')) as Credential<
        string,
        AutoError
      >
    }
    return credentials
  })
}
