import type { Dependency } from '../di/depends.ts'
import { notAuthenticated } from './challenge.ts'
import { type Credential, missing, type SecurityOptions, securityDependency } from './options.ts'

/**
 * Options of `OpenIdConnect`.
 *
 * @example
 * OpenIdConnect({ openIdConnectUrl: 'https://id.example.com/.well-known/openid-configuration' })
 */
export interface OpenIdConnectOptions<AutoError extends boolean = true> extends SecurityOptions<AutoError> {
  /** The provider's discovery document (`/.well-known/openid-configuration`), for the docs UIs. */
  openIdConnectUrl: string
}

/**
 * OpenID Connect (FastAPI's `OpenIdConnect`): documents the provider in OpenAPI and provides the
 * `Authorization` header as sent (`Bearer eyJ…`); verifying the token against the provider is yours.
 * No header → 401 `{"detail":"Not authenticated"}` with `WWW-Authenticate: Bearer` (or `undefined`
 * with `autoError: false`).
 *
 * @example
 * const oidc = OpenIdConnect({ openIdConnectUrl: 'https://id.example.com/.well-known/openid-configuration' })
 * app.get('/me', { deps: { authorization: oidc } }, ({ deps }) => verify(deps.authorization))
 */
export function OpenIdConnect<AutoError extends boolean = true>(
  options: OpenIdConnectOptions<AutoError>,
): Dependency<Credential<string, AutoError>, {}> {
  const scheme = { type: 'openIdConnect', openIdConnectUrl: options.openIdConnectUrl }
  const challenge = options.challenge ?? 'Bearer'
  return securityDependency('OpenIdConnect', scheme, options, (ctx) => {
    const header = ctx.request.headers.authorization
    if (typeof header === 'string' && header !== '') return header
    return missing(options, notAuthenticated(challenge)) as Credential<string, AutoError>
  })
}
