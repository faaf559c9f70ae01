import { decodeJwt, SignJWT } from 'jose'
import { describe, expect, it } from 'vitest'
import { TestClient } from 'wharfjs/testing'
import { app } from '../../examples/auth/app.ts'
import { createAccessToken, DEV_SECRET } from '../../examples/auth/tokens.ts'

const client = new TestClient(app)

const login = (username: string, password: string) => client.post('/token', { form: { username, password } })
const me = (token: string) => client.get('/users/me', { headers: { authorization: `Bearer ${token}` } })

const johndoe = { username: 'johndoe', fullName: 'John Doe', email: 'johndoe@example.com', disabled: false }

function expectBearer401(res: Awaited<ReturnType<typeof me>>, detail: string) {
  expect(res.status).toBe(401)
  expect(res.json()).toEqual({ detail })
  expect(res.headers['www-authenticate']).toBe('Bearer')
}

describe('examples/auth', () => {
  it('logs in, then reads /users/me with the token', async () => {
    const res = await login('johndoe', 'secret')
    expect(res.status).toBe(200)
    const body = res.json()
    expect(body).toEqual({ access_token: expect.any(String), token_type: 'bearer' })
    const claims = decodeJwt(body.access_token)
    expect(claims.sub).toBe('johndoe')
    expect(claims.exp! - claims.iat!).toBe(30 * 60)

    const profile = await me(body.access_token)
    expect(profile.status).toBe(200)
    expect(profile.json()).toEqual(johndoe)
  })

  it('rejects a wrong password and an unknown user alike', async () => {
    expectBearer401(await login('johndoe', 'wrong'), 'Incorrect username or password')
    expectBearer401(await login('nobody', 'secret'), 'Incorrect username or password')
  })

  it('answers a login without a password with 422', async () => {
    const res = await client.post('/token', { form: { username: 'johndoe' } })
    expect(res.status).toBe(422)
    expect(res.json()).toEqual({
      detail: [{ type: 'missing', loc: ['body', 'password'], msg: 'Field required', input: null }],
    })
  })

  it('answers /users/me without a token with 401 Not authenticated', async () => {
    expectBearer401(await client.get('/users/me'), 'Not authenticated')
  })

  it('rejects a tampered, foreign, garbage or expired token', async () => {
    const token = (await login('johndoe', 'secret')).json().access_token as string
    const [header, payload, signature] = token.split('.') as [string, string, string]
    const forged = Buffer.from(JSON.stringify({ ...decodeJwt(token), sub: 'alice' })).toString('base64url')
    const flipped = `${signature.slice(0, -2)}${signature.endsWith('AA') ? 'BB' : 'AA'}`
    const unsigned = `${Buffer.from('{"alg":"none"}').toString('base64url')}.${payload}.`
    const expired = await createAccessToken('johndoe', -60)
    for (const bad of [
      `${header}.${forged}.${signature}`,
      `${header}.${payload}.${flipped}`,
      unsigned,
      'garbage',
      expired,
    ]) {
      expectBearer401(await me(bad), 'Could not validate credentials')
    }
  })

  it('rejects a correctly signed token without an expiry (exp)', async () => {
    const forever = await new SignJWT({})
      .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
      .setSubject('johndoe')
      .setIssuedAt()
      .sign(new TextEncoder().encode(DEV_SECRET))
    expectBearer401(await me(forever), 'Could not validate credentials')
  })

  it('rejects a valid token for a user that no longer exists, and refuses a disabled user', async () => {
    expectBearer401(await me(await createAccessToken('ghost')), 'Could not validate credentials')
    const token = (await login('alice', 'secret2')).json().access_token as string
    const res = await me(token)
    expect(res.status).toBe(400)
    expect(res.json()).toEqual({ detail: 'Inactive user' })
  })
})
