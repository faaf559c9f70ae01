/**
 * Security utilities (`wharfjs/security`): dependencies that read credentials from a request and document
 * their scheme in OpenAPI, after FastAPI's `fastapi.security`. Missing credentials are a 401
 * `{"detail":"Not authenticated"}` with the scheme's `WWW-Authenticate` challenge; declared with
 * `{ autoError: false }`, the dependency provides `undefined` instead.
 *
 * @example
 * import { App, Depends, HTTPException } from 'wharfjs'
 * import { OAuth2PasswordBearer } from 'wharfjs/security'
 * const oauth2 = OAuth2PasswordBearer({ tokenUrl: '/token' })
 * const currentUser = Depends({ deps: { token: oauth2 } }, ({ deps }) => verifyToken(deps.token))
 * app.get('/users/me', { deps: { user: currentUser } }, ({ deps }) => deps.user)
 * @module
 */
export { APIKeyCookie, APIKeyHeader, type APIKeyOptions, APIKeyQuery } from './security/api-key.ts'
export { type AuthorizationParts, splitAuthorization } from './security/authorization.ts'
export { invalidCredentials, notAuthenticated } from './security/challenge.ts'
export {
  HTTPAuthorization,
  type HTTPAuthorizationOptions,
} from './security/http-authorization.ts'
export { HTTPBasic, type HTTPBasicCredentials, type HTTPBasicOptions } from './security/http-basic.ts'
export {
  type HTTPAuthorizationCredentials,
  HTTPBearer,
  type HTTPBearerOptions,
} from './security/http-bearer.ts'
export { OAuth2PasswordBearer, type OAuth2PasswordBearerOptions } from './security/oauth2-bearer.ts'
export {
  type OAuth2PasswordRequest,
  OAuth2PasswordRequestForm,
  OAuth2PasswordRequestFormStrict,
  type OAuth2PasswordRequestStrict,
} from './security/oauth2-form.ts'
export { OpenIdConnect, type OpenIdConnectOptions } from './security/openid-connect.ts'
export type { Credential, SecurityOptions } from './security/options.ts'
export { type RequiredScopes, Security, SecurityScopes } from './security/scopes.ts'
