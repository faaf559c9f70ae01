import { describe, expect, it } from 'vitest'
import { App } from 'wharfjs'
import {
  OAuth2PasswordBearer,
  OAuth2PasswordRequestForm,
  OAuth2PasswordRequestFormStrict,
} from 'wharfjs/security'
import { TestClient } from 'wharfjs/testing'

describe('OAuth2PasswordBearer', () => {
  function appWith(
    oauth2: ReturnType<typeof OAuth2PasswordBearer> | ReturnType<typeof OAuth2PasswordBearer<false>>,
  ) {
    const app = new App({ logger: false })
    app.get('/me', { deps: { token: oauth2 } }, ({ deps }) => ({ token: deps.token ?? null }))
    return new TestClient(app)
  }
  const client = appWith(OAuth2PasswordBearer({ tokenUrl: '/token' }))

  it('provides the bearer token string', async () => {
    const res = await client.get('/me', { headers: { authorization: 'Bearer eyJ.payload.sig' } })
    expect(res.status).toBe(200)
    expect(res.json()).toEqual({ token: 'eyJ.payload.sig' })
  })

  it('answers a missing header, an empty token or another scheme with 401 and the Bearer challenge', async () => {
    for (const headers of [
      {},
      { authorization: 'Bearer' },
      { authorization: 'Basic YTpi' },
      { authorization: 'x' },
    ]) {
      const res = await client.get('/me', { headers })
      expect(res.status).toBe(401)
      expect(res.json()).toEqual({ detail: 'Not authenticated' })
      expect(res.headers['www-authenticate']).toBe('Bearer')
    }
  })

  it('provides undefined instead with autoError: false', async () => {
    const optional = appWith(OAuth2PasswordBearer({ tokenUrl: '/token', autoError: false }))
    const res = await optional.get('/me', { headers: { authorization: 'Basic YTpi' } })
    expect(res.status).toBe(200)
    expect(res.json()).toEqual({ token: null })
  })

  it('can be overridden in tests like any dependency', async () => {
    const oauth2 = OAuth2PasswordBearer({ tokenUrl: '/token' })
    const app = new App({ logger: false })
    app.get('/me', { deps: { token: oauth2 } }, ({ deps }) => ({ token: deps.token }))
    app.dependencyOverrides.set(oauth2, () => 'test-token')
    const res = await new TestClient(app).get('/me')
    expect(res.status).toBe(200)
    expect(res.json()).toEqual({ token: 'test-token' })
  })

  it('documents the password flow with its token URL and scopes', () => {
    expect(OAuth2PasswordBearer({ tokenUrl: '/token' }).openapi).toEqual({
      securitySchemes: {
        OAuth2PasswordBearer: { type: 'oauth2', flows: { password: { scopes: {}, tokenUrl: '/token' } } },
      },
      security: [{ OAuth2PasswordBearer: [] }],
    })
    const scoped = OAuth2PasswordBearer({
      tokenUrl: 'token',
      scopes: { 'items:read': 'Read items' },
      refreshUrl: '/refresh',
      description: 'Log in with your account',
    })
    expect(scoped.openapi?.securitySchemes).toEqual({
      OAuth2PasswordBearer: {
        type: 'oauth2',
        flows: {
          password: { scopes: { 'items:read': 'Read items' }, tokenUrl: 'token', refreshUrl: '/refresh' },
        },
        description: 'Log in with your account',
      },
    })
  })
})

describe('OAuth2PasswordRequestForm', () => {
  const app = new App({ logger: false })
  app.post('/token', { deps: { login: OAuth2PasswordRequestForm } }, ({ deps }) => ({
    ...deps.login,
    grantType: deps.login.grantType ?? null,
    clientId: deps.login.clientId ?? null,
    clientSecret: deps.login.clientSecret ?? null,
  }))
  app.post('/strict', { deps: { login: OAuth2PasswordRequestFormStrict } }, ({ deps }) => deps.login)
  const client = new TestClient(app)

  it('reads the login form and splits the scopes', async () => {
    const form = {
      grant_type: 'password',
      username: 'johndoe',
      password: 'secret',
      scope: 'items:read  me ',
      client_id: 'cli',
      client_secret: 'shh',
    }
    const res = await client.post('/token', { form })
    expect(res.status).toBe(200)
    expect(res.json()).toEqual({
      grantType: 'password',
      username: 'johndoe',
      password: 'secret',
      scopes: ['items:read', 'me'],
      clientId: 'cli',
      clientSecret: 'shh',
    })
  })

  it('makes grant_type, scope and the client fields optional; empty values count as absent', async () => {
    const expected = {
      grantType: null,
      username: 'johndoe',
      password: 'secret',
      scopes: [],
      clientId: null,
      clientSecret: null,
    }
    const bare = await client.post('/token', { form: { username: 'johndoe', password: 'secret' } })
    expect(bare.json()).toEqual(expected)
    const blank = { username: 'johndoe', password: 'secret', grant_type: '', scope: '', client_id: '' }
    expect((await client.post('/token', { form: blank })).json()).toEqual(expected)
  })

  it('rejects a grant_type other than password with a 422', async () => {
    const res = await client.post('/token', {
      form: { username: 'a', password: 'b', grant_type: 'client_credentials' },
    })
    expect(res.status).toBe(422)
    expect(res.json()).toEqual({
      detail: [
        {
          type: 'string_pattern_mismatch',
          loc: ['body', 'grant_type'],
          msg: "String should match pattern '^password$'",
          input: 'client_credentials',
          ctx: { pattern: '^password$' },
        },
      ],
    })
  })

  it('requires username and password (an empty password is missing, as in FastAPI)', async () => {
    const res = await client.post('/token', { form: { password: '' } })
    expect(res.status).toBe(422)
    expect(res.json()).toEqual({
      detail: [
        { type: 'missing', loc: ['body', 'username'], msg: 'Field required', input: null },
        { type: 'missing', loc: ['body', 'password'], msg: 'Field required', input: null },
      ],
    })
  })

  it('leaves every field missing when the login is sent as JSON', async () => {
    const res = await client.post('/token', { json: { username: 'a', password: 'b' } })
    expect(res.status).toBe(422)
    expect(res.json().detail.map((item: { loc: string[] }) => item.loc)).toEqual([
      ['body', 'username'],
      ['body', 'password'],
    ])
  })

  it('has a strict variant that requires grant_type=password', async () => {
    const missing = await client.post('/strict', { form: { username: 'a', password: 'b' } })
    expect(missing.status).toBe(422)
    expect(missing.json()).toEqual({
      detail: [{ type: 'missing', loc: ['body', 'grant_type'], msg: 'Field required', input: null }],
    })
    const ok = await client.post('/strict', {
      form: { username: 'a', password: 'b', grant_type: 'password' },
    })
    expect(ok.status).toBe(200)
    expect(ok.json()).toEqual({ grantType: 'password', username: 'a', password: 'b', scopes: [] })
  })
})
