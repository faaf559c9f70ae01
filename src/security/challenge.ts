import { HTTPException } from '../errors.ts'

/**
 * The 401 every security utility answers when no credentials were sent (FastAPI ≥ 0.122). RFC 9110
 * requires a 401 to carry a `WWW-Authenticate` challenge, so the client learns which scheme to use.
 *
 * @example
 * throw notAuthenticated('Bearer') // 401 {"detail":"Not authenticated"}, WWW-Authenticate: Bearer
 */
export function notAuthenticated(challenge: string): HTTPException {
  return new HTTPException(401, 'Not authenticated', { headers: { 'WWW-Authenticate': challenge } })
}

/**
 * The 401 for credentials that were sent but cannot be read (HTTP Basic with invalid base64, or no
 * `user:password` separator), as FastAPI answers them.
 *
 * @example
 * throw invalidCredentials('Basic')
 */
export function invalidCredentials(challenge: string): HTTPException {
  return new HTTPException(401, 'Invalid authentication credentials', {
    headers: { 'WWW-Authenticate': challenge },
  })
}
