/**
 * OAuth2 password flow with JWT access tokens, after FastAPI's security tutorial.
 *
 *   npm run build && node examples/auth/app.ts     (development: the public dev secret, with a warning)
 *   AUTH_SECRET=$(openssl rand -base64 32) npx wharf run examples/auth/app.ts   (production: required)
 *   curl -d 'username=johndoe&password=secret' http://127.0.0.1:8000/token
 *   curl -H 'Authorization: Bearer <access_token>' http://127.0.0.1:8000/users/me
 *
 * Or open http://127.0.0.1:8000/docs and use "Authorize".
 */
import { App, Depends, HTTPException } from 'wharfjs'
import { OAuth2PasswordBearer, OAuth2PasswordRequestForm } from 'wharfjs/security'
import { createAccessToken, readAccessToken, usingDevSecret } from './tokens.ts'
import { authenticate, findUser } from './users.ts'

export const app = new App({ title: 'Wharf auth example', version: '1.0.0' })

// In production (NODE_ENV=production, which `wharf run` sets) tokens.ts refuses to load without a secret.
if (usingDevSecret && process.env.NODE_ENV !== 'test')
  app.log.warn('AUTH_SECRET is not set: signing tokens with the public development secret')

const oauth2 = OAuth2PasswordBearer({ tokenUrl: '/token' })

// The Bearer challenge tells the client to log in again (RFC 6750).
const bearerChallenge = { 'WWW-Authenticate': 'Bearer' }

/** The user a valid token names; a bad, tampered or expired token is a 401. */
const currentUser = Depends({ deps: { token: oauth2 } }, async function currentUser({ deps }) {
  const username = await readAccessToken(deps.token)
  const user = username === undefined ? undefined : findUser(username)
  if (!user) throw new HTTPException(401, 'Could not validate credentials', { headers: bearerChallenge })
  return user
})

/** The current user, if their account is enabled. */
const activeUser = Depends({ deps: { user: currentUser } }, function activeUser({ deps }) {
  if (deps.user.disabled) throw new HTTPException(400, 'Inactive user')
  return deps.user
})

app.post('/token', { deps: { login: OAuth2PasswordRequestForm } }, async ({ deps }) => {
  const user = await authenticate(deps.login.username, deps.login.password)
  if (!user) throw new HTTPException(401, 'Incorrect username or password', { headers: bearerChallenge })
  // snake_case: the OAuth2 token response format (RFC 6749 §5.1), which the docs UIs read.
  return { access_token: await createAccessToken(user.username), token_type: 'bearer' }
})

app.get('/users/me', { deps: { user: activeUser } }, ({ deps }) => deps.user)

// Started directly, it serves; imported (tests), it only defines the app.
if (import.meta.main) {
  const server = await app.listen({
    host: process.env.HOST ?? '127.0.0.1',
    port: Number(process.env.PORT ?? 8000),
  })
  app.log.info(`Wharf auth example serving on ${server.url}`)
}
