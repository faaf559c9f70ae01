import type { Dependency } from '../di/depends.ts'
import { splitAuthorization } from './authorization.ts'
import { notAuthenticated } from './challenge.ts'
import type { HTTPAuthorizationCredentials } from './http-bearer.ts'
import { type Credential, missing, type SecurityOptions, securityDependency } from './options.ts'

/**
 * Options of `HTTPAuthorization`.
 *
 * @example
 * HTTPAuthorization({ scheme: 'Token', description: 'A JWT from POST /users/login' })
 */
export interface HTTPAuthorizationOptions<AutoError extends boolean = true>
  extends SecurityOptions<AutoError> {
  /** The scheme word clients send before the credentials (`Token` for `Authorization: Token <jwt>`); matched case-insensitively. */
  scheme: string
}

/**
 * An `Authorization: <scheme> <credentials>` header with a scheme word of your choosing, such as the
 * RealWorld API's `Token <jwt>`; provides `{ scheme, credentials }`. Missing header, another scheme or
 * no credentials → 401 `{"detail":"Not authenticated"}` with `WWW-Authenticate: <scheme>` (`challenge`
 * changes it), or `undefined` with `autoError: false`. In OpenAPI it is an API key carried by the
 * `Authorization` header (the docs UIs send what is typed, `Token …` included), since OpenAPI's `http`
 * type only knows registered schemes.
 *
 * @example
 * const auth = HTTPAuthorization({ scheme: 'Token' })
 * app.get('/user', { deps: { auth } }, ({ deps }) => usersByToken(deps.auth.credentials))
 */
export function HTTPAuthorization<AutoError extends boolean = true>(
  options: HTTPAuthorizationOptions<AutoError>,
): Dependency<Credential<HTTPAuthorizationCredentials, AutoError>, {}> {
  const expected = options.scheme.toLowerCase()
  const documented =
    expected === 'bearer' || expected === 'basic'
      ? { type: 'http', scheme: expected }
      : {
          type: 'apiKey',
          in: 'header',
          name: 'Authorization',
          ...(options.description === undefined
            ? { description: `\`${options.scheme} <credentials>\`` }
            : {}),
        }
  const challenge = options.challenge ?? options.scheme
  return securityDependency('HTTPAuthorization', documented, options, (ctx) => {
    const parts = splitAuthorization(ctx.request.headers.authorization)
    if (parts.scheme.toLowerCase() !== expected || parts.credentials === '') {
      return missing(options, notAuthenticated(challenge)) as Credential<
        HTTPAuthorizationCredentials,
        AutoError
      >
    }
    return parts
  })
}
