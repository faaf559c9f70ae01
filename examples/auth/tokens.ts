/** Access tokens: JWTs signed with HS256 (the `jose` package), carrying the username as `sub`. */
import { errors, jwtVerify, SignJWT } from 'jose'

/** Published in this repository, so anyone can sign tokens with it: for development only. */
export const DEV_SECRET = 'wharf-auth-example-dev-secret-change-me'

/** True when `AUTH_SECRET` is not set and tokens are signed with the public development secret. */
export const usingDevSecret = !process.env.AUTH_SECRET

// `wharf run` sets NODE_ENV=production (unless it is set), as production deployments do.
if (process.env.NODE_ENV === 'production' && (process.env.AUTH_SECRET ?? '').length < 32) {
  throw new Error(
    usingDevSecret
      ? 'AUTH_SECRET is not set: refusing to start in production, where tokens signed with the public development secret could be forged by anyone. Set AUTH_SECRET to a random value of at least 32 characters (openssl rand -base64 32).'
      : 'AUTH_SECRET is shorter than 32 characters: refusing to start in production with a guessable signing key (openssl rand -base64 32 makes a good one).',
  )
}

const secret = new TextEncoder().encode(process.env.AUTH_SECRET || DEV_SECRET)

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
 * another key or algorithm, expired, or without an expiry (`exp`).
 *
 * @example
 * await readAccessToken(token) // 'johndoe'
 */
export async function readAccessToken(token: string): Promise<string | undefined> {
  try {
    // Pinning the algorithm stops a token from choosing its own (`alg: none`, or a different key type);
    // requiring `exp` refuses tokens that would never expire (jose only checks `exp` when present).
    const { payload } = await jwtVerify(token, secret, { algorithms: ['HS256'], requiredClaims: ['exp'] })
    return payload.sub
  } catch (error) {
    if (error instanceof errors.JOSEError) return undefined
    throw error
  }
}
