import type { Dependency } from '../di/depends.ts'
import { splitAuthorization } from './authorization.ts'
import { invalidCredentials, notAuthenticated } from './challenge.ts'
import { type Credential, missing, type SecurityOptions, securityDependency } from './options.ts'

/**
 * The username and password of HTTP Basic authentication.
 *
 * @example
 * const ok = (c: HTTPBasicCredentials) => c.username === 'admin' && passwordMatches(c.password)
 */
export interface HTTPBasicCredentials {
  username: string
  password: string
}

/**
 * Options of `HTTPBasic`.
 *
 * @example
 * HTTPBasic({ realm: 'admin', description: 'Staff accounts' })
 */
export interface HTTPBasicOptions<AutoError extends boolean = true> extends SecurityOptions<AutoError> {
  /** Sent in the challenge (`WWW-Authenticate: Basic realm="…"`); browsers show it in their prompt. */
  realm?: string
}

const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/

/** Decodes strictly, as Python's `b64decode(...).decode('ascii')` does: bad padding or non-ASCII fail. */
function decodeBasic(credentials: string): HTTPBasicCredentials | undefined {
  if (credentials.length % 4 !== 0 || !BASE64.test(credentials)) return undefined
  const bytes = Buffer.from(credentials, 'base64')
  if (bytes.some((byte) => byte > 0x7f)) return undefined
  const text = bytes.toString('ascii')
  const colon = text.indexOf(':')
  if (colon === -1) return undefined
  return { username: text.slice(0, colon), password: text.slice(colon + 1) }
}

/**
 * HTTP Basic authentication (RFC 7617); provides `{ username, password }`. No `Basic` credentials →
 * 401 `{"detail":"Not authenticated"}` with `WWW-Authenticate: Basic` (or `undefined` with
 * `autoError: false`). Credentials that are not base64 of `user:password` → 401
 * `{"detail":"Invalid authentication credentials"}`, even with `autoError: false`, as in FastAPI: the
 * client did try Basic, and got it wrong. Compare the password with `timingSafeEqual`.
 *
 * @example
 * const basic = HTTPBasic({ realm: 'admin' })
 * app.get('/admin', { deps: { credentials: basic } }, ({ deps }) => ({ user: deps.credentials.username }))
 */
export function HTTPBasic<AutoError extends boolean = true>(
  options: HTTPBasicOptions<AutoError> = {},
): Dependency<Credential<HTTPBasicCredentials, AutoError>, {}> {
  const challenge = options.challenge ?? (options.realm ? `Basic realm="${options.realm}"` : 'Basic')
  return securityDependency('HTTPBasic', { type: 'http', scheme: 'basic' }, options, (ctx) => {
    const { scheme, credentials } = splitAuthorization(ctx.request.headers.authorization)
    if (scheme.toLowerCase() !== 'basic') {
      return missing(options, notAuthenticated(challenge)) as Credential<HTTPBasicCredentials, AutoError>
    }
    const decoded = decodeBasic(credentials)
    if (!decoded) throw invalidCredentials(challenge)
    return decoded
  })
}
