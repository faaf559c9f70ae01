/** Access tokens: JWTs signed with HS256 (the `jose` package), carrying the username as `sub`. */
import { errors, jwtVerify, SignJWT } from 'jose'

const DEV_SECRET = 'wharf-auth-example-dev-secret-change-me'

/** True when `AUTH_SECRET` is not set and tokens are signed with the public development secret. */
export const usingDevSecret = !process.env.AUTH_SECRET

const secret = new TextEncoder().encode(process.env.AUTH_SECRET ?? DEV_SECRET)

/** How long a token is valid, in seconds. */
export const ACCESS_TOKEN_LIFETIME = 30 * 60

/**
 * Signs a token for `username`, valid for `lifetime` seconds (negative gives an expired token, for tests).
 *
 * @example
 * const token = await createAccessToken('johndoe')
 */
export async function createAccessToken(username: string, lifetime = ACCESS_TOKEN_LIFETIME): Promise<string> {
  const now = Math.floor(Date.now() / 1000)
  return new SignJWT({})
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setSubject(username)
    .setIssuedAt(now)
    .setExpirationTime(now + lifetime)
    .sign(secret)
}

/**
 * The username in a valid token, or `undefined` when the token is malformed, tampered with, signed with
 * another key or algorithm, or expired.
 *
 * @example
 * await readAccessToken(token) // 'johndoe'
 */
export async function readAccessToken(token: string): Promise<string | undefined> {
  try {
    // Pinning the algorithm stops a token from choosing its own (`alg: none`, or a different key type).
    const { payload } = await jwtVerify(token, secret, { algorithms: ['HS256'] })
    return payload.sub
  } catch (error) {
    if (error instanceof errors.JOSEError) return undefined
    throw error
  }
}
