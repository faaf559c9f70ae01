import { describe, expect, it } from 'vitest'
import { App, Depends, HTTPException } from 'wharfjs'
import {
  HTTPAuthorization,
  HTTPBearer,
  OAuth2PasswordBearer,
  OpenIdConnect,
  type RequiredScopes,
  Security,
  SecurityScopes,
} from 'wharfjs/security'
import { TestClient } from 'wharfjs/testing'

const quiet = () => new App({ logger: false })

describe('HTTPAuthorization: a custom scheme word (Authorization: Token <jwt>)', () => {
  function api(options: { challenge?: string } = {}) {
    const app = quiet()
    const auth = HTTPAuthorization({ scheme: 'Token', ...options })
    app.get('/user', { deps: { auth } }, ({ deps }) => deps.auth)
    return { app, client: new TestClient(app) }
  }

  it('provides the scheme and credentials', async () => {
    const res = await api().client.get('/user', { headers: { authorization: 'Token abc.def' } })
    expect([res.status, res.json()]).toEqual([200, { scheme: 'Token', credentials: 'abc.def' }])
  })

  it('another scheme or none is a 401 with WWW-Authenticate: Token, or the challenge given', async () => {
    for (const headers of [{}, { authorization: 'Bearer abc' }, { authorization: 'Token ' }]) {
      const res = await api().client.get('/user', { headers })
      expect([res.status, res.json(), res.headers['www-authenticate']]).toEqual([
        401,
        { detail: 'Not authenticated' },
        'Token',
      ])
    }
    const custom = await api({ challenge: 'Token realm="conduit"' }).client.get('/user')
    expect(custom.headers['www-authenticate']).toBe('Token realm="conduit"')
  })

  it('is documented as the Authorization header', () => {
    const document = api().app.openapi()
    expect(document.components?.securitySchemes).toEqual({
      HTTPAuthorization: {
        type: 'apiKey',
        in: 'header',
        name: 'Authorization',
        description: '`Token <credentials>`',
      },
    })
    expect(document.paths['/user']?.get?.security).toEqual([{ HTTPAuthorization: [] }])
  })
})

describe('the challenge of every utility is configurable', () => {
  it('HTTPBearer({ challenge })', async () => {
    const app = quiet()
    app.get('/me', { deps: { auth: HTTPBearer({ challenge: 'Bearer realm="api"' }) } }, () => 'ok')
    const res = await new TestClient(app).get('/me')
    expect([res.status, res.headers['www-authenticate']]).toEqual([401, 'Bearer realm="api"'])
  })
})

describe('optional authentication (autoError: false) is optional in OpenAPI', () => {
  it('security: [{}, {HTTPBearer: []}], and a required scheme next to it makes it required', () => {
    const app = quiet()
    const maybe = HTTPBearer({ autoError: false })
    const oauth2 = OAuth2PasswordBearer({ tokenUrl: '/token' })
    app.get('/feed', { deps: { auth: maybe } }, ({ deps }) => (deps.auth ? 'mine' : 'public'))
    app.get('/both', { deps: { auth: maybe, token: oauth2 } }, () => 'ok')
    const paths = app.openapi().paths
    expect(paths['/feed']?.get?.security).toEqual([{}, { HTTPBearer: [] }])
    expect(paths['/both']?.get?.security).toEqual([{ HTTPBearer: [] }, { OAuth2PasswordBearer: [] }])
  })
})

describe('OAuth2 scopes: Security() and SecurityScopes (FastAPI scopes tutorial)', () => {
  const tokens: Record<string, { username: string; scopes: string[] }> = {
    'alice-all': { username: 'alice', scopes: ['me', 'items'] },
    'alice-me': { username: 'alice', scopes: ['me'] },
  }

  function api() {
    const app = quiet()
    const oauth2 = OAuth2PasswordBearer({
      tokenUrl: '/token',
      scopes: { me: 'Read information about the current user.', items: 'Read items.' },
    })
    const currentUser = Depends(
      { deps: { token: oauth2, required: SecurityScopes } },
      ({ deps }: { deps: { token: string; required: RequiredScopes } }) => {
        const challenge = deps.required.scopeStr ? `Bearer scope="${deps.required.scopeStr}"` : 'Bearer'
        const token = tokens[deps.token]
        if (!token)
          throw new HTTPException(401, 'Could not validate credentials', {
            headers: { 'WWW-Authenticate': challenge },
          })
        for (const scope of deps.required.scopes) {
          if (!token.scopes.includes(scope))
            throw new HTTPException(401, 'Not enough permissions', {
              headers: { 'WWW-Authenticate': challenge },
            })
        }
        return { username: token.username, required: deps.required.scopes }
      },
    )
    const activeUser = Depends(
      { deps: { user: Security(currentUser, { scopes: ['me'] }) } },
      ({ deps }) => deps.user,
    )
    app.get('/users/me', { deps: { user: activeUser } }, ({ deps }) => deps.user)
    app.get(
      '/users/me/items',
      { deps: { user: Security(activeUser, { scopes: ['items'] }) } },
      ({ deps }) => deps.user,
    )
    app.get('/status', { deps: { user: currentUser } }, ({ deps }) => deps.user)
    return { app, client: new TestClient(app), currentUser }
  }
  const auth = (token: string) => ({ headers: { authorization: `Bearer ${token}` } })

  it('each dependency sees the scopes required from the route down', async () => {
    const { client } = api()
    const me = await client.get('/users/me', auth('alice-me'))
    expect([me.status, me.json()]).toEqual([200, { username: 'alice', required: ['me'] }])
    const items = await client.get('/users/me/items', auth('alice-all'))
    expect([items.status, items.json()]).toEqual([200, { username: 'alice', required: ['items', 'me'] }])
    const status = await client.get('/status', auth('alice-me'))
    expect([status.status, status.json()]).toEqual([200, { username: 'alice', required: [] }])
  })

  it('a token without a required scope gets the 401 with the scopes in the challenge', async () => {
    const res = await api().client.get('/users/me/items', auth('alice-me'))
    expect([res.status, res.json(), res.headers['www-authenticate']]).toEqual([
      401,
      { detail: 'Not enough permissions' },
      'Bearer scope="items me"',
    ])
  })

  it('the OpenAPI requirement lists the scopes', () => {
    const paths = api().app.openapi().paths
    expect(paths['/users/me']?.get?.security).toEqual([{ OAuth2PasswordBearer: ['me'] }])
    expect(paths['/users/me/items']?.get?.security).toEqual([{ OAuth2PasswordBearer: ['items', 'me'] }])
    expect(paths['/status']?.get?.security).toEqual([{ OAuth2PasswordBearer: [] }])
  })

  it('overriding the dependency replaces it under Security() too', async () => {
    const { app, client, currentUser } = api()
    app.dependencyOverrides.set(currentUser, () => ({ username: 'test', required: [] }))
    const res = await client.get('/users/me/items', auth('alice-me'))
    expect([res.status, res.json()]).toEqual([200, { username: 'test', required: [] }])
  })
})

describe('OpenIdConnect', () => {
  it('provides the Authorization header, 401 without it, documents the discovery URL', async () => {
    const app = quiet()
    const oidc = OpenIdConnect({
      openIdConnectUrl: 'https://id.example.com/.well-known/openid-configuration',
    })
    app.get('/me', { deps: { authorization: oidc } }, ({ deps }) => ({ authorization: deps.authorization }))
    const client = new TestClient(app)
    const ok = await client.get('/me', { headers: { authorization: 'Bearer xyz' } })
    expect([ok.status, ok.json()]).toEqual([200, { authorization: 'Bearer xyz' }])
    const missing = await client.get('/me')
    expect([missing.status, missing.json(), missing.headers['www-authenticate']]).toEqual([
      401,
      { detail: 'Not authenticated' },
      'Bearer',
    ])
    expect(app.openapi().components?.securitySchemes).toEqual({
      OpenIdConnect: {
        type: 'openIdConnect',
        openIdConnectUrl: 'https://id.example.com/.well-known/openid-configuration',
      },
    })
  })
})
