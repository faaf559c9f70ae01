import { Type as t } from 'typebox'
import { Depends } from '../di/depends.ts'

/**
 * An OAuth2 password-flow login (RFC 6749 §4.3.2), as `OAuth2PasswordRequestForm` provides it.
 *
 * @example
 * const wantsProfile = (login: OAuth2PasswordRequest) => login.scopes.includes('me')
 */
export interface OAuth2PasswordRequest {
  /** `'password'` when the client sent `grant_type` (no other value is accepted). */
  grantType: 'password' | undefined
  username: string
  password: string
  /** The space-separated `scope` field, split: `'items:read me'` → `['items:read', 'me']`. */
  scopes: string[]
  clientId: string | undefined
  clientSecret: string | undefined
}

/**
 * The same login, from a client that must send `grant_type=password`.
 *
 * @example
 * const grant = (login: OAuth2PasswordRequestStrict) => login.grantType // always 'password'
 */
export interface OAuth2PasswordRequestStrict extends OAuth2PasswordRequest {
  grantType: 'password'
}

// The wire names are fixed by the OAuth2 spec (snake_case); the values are handed over in camelCase.
const grantType = t.String({ pattern: '^password$' })
// `format: 'password'` only documents the field (the docs UIs mask it), as FastAPI does.
const credentialFields = {
  username: t.String(),
  password: t.String({ format: 'password' }),
  scope: t.String({ default: '' }),
  client_id: t.Optional(t.String()),
  client_secret: t.Optional(t.String({ format: 'password' })),
}

interface FormValues {
  grant_type?: string | undefined
  username: string
  password: string
  scope: string
  client_id?: string | undefined
  client_secret?: string | undefined
}

function toRequest(form: FormValues): OAuth2PasswordRequest {
  return {
    grantType: form.grant_type === undefined ? undefined : 'password',
    username: form.username,
    password: form.password,
    scopes: form.scope.split(/\s+/).filter((scope) => scope !== ''),
    clientId: form.client_id,
    clientSecret: form.client_secret,
  }
}

/**
 * The OAuth2 password-flow login form (`application/x-www-form-urlencoded`): `username`, `password`,
 * `scope` (space-separated, default empty), and optional `grant_type` (if sent, it must be `password`),
 * `client_id`, `client_secret`. Missing or invalid fields are a 422 with loc `["body", field]`. Checking
 * the password is yours to do, with a hash (`node:crypto` scrypt) and `timingSafeEqual`.
 *
 * @example
 * app.post('/token', { deps: { login: OAuth2PasswordRequestForm } }, async ({ deps }) => {
 *   const user = await authenticate(deps.login.username, deps.login.password)
 *   if (!user) throw new HTTPException(401, 'Incorrect username or password', { headers: { 'WWW-Authenticate': 'Bearer' } })
 *   return { access_token: await issueToken(user), token_type: 'bearer' }
 * })
 */
export const OAuth2PasswordRequestForm = Depends(
  { form: { grant_type: t.Optional(grantType), ...credentialFields } },
  function OAuth2PasswordRequestForm({ body }): OAuth2PasswordRequest {
    return toRequest(body)
  },
)

/**
 * `OAuth2PasswordRequestForm`, but `grant_type=password` is required, as the OAuth2 spec says: without
 * it the request is a 422 with loc `["body", "grant_type"]`.
 *
 * @example
 * app.post('/token', { deps: { login: OAuth2PasswordRequestFormStrict } }, ({ deps }) => issue(deps.login))
 */
export const OAuth2PasswordRequestFormStrict = Depends(
  { form: { grant_type: grantType, ...credentialFields } },
  function OAuth2PasswordRequestFormStrict({ body }): OAuth2PasswordRequestStrict {
    return { ...toRequest(body), grantType: 'password' }
  },
)
