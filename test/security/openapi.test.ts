import { describe, expect, it } from 'vitest'
import { App, Depends } from 'wharfjs'
import { APIKeyHeader, HTTPBasic, OAuth2PasswordBearer } from 'wharfjs/security'
import { app as authExample } from '../../examples/auth/app.ts'

describe('security schemes in the OpenAPI document', () => {
  it('lists each scheme once in components and as each operation requirement, through sub-dependencies', () => {
    const oauth2 = OAuth2PasswordBearer({ tokenUrl: '/token', scopes: { me: 'Read your profile' } })
    const currentUser = Depends({ deps: { token: oauth2 } }, ({ deps }) => ({ token: deps.token }))
    const apiKey = APIKeyHeader({ name: 'X-API-Key' })
    const app = new App({ logger: false })
    app.get('/me', { deps: { user: currentUser } }, ({ deps }) => deps.user)
    app.get('/both', { deps: { user: currentUser, key: apiKey } }, () => ({}))
    app.get('/admin', { deps: { credentials: HTTPBasic() } }, () => ({}))
    app.get('/public', () => ({}))

    const document = app.openapi()
    expect(document.components?.securitySchemes).toEqual({
      OAuth2PasswordBearer: {
        type: 'oauth2',
        flows: { password: { scopes: { me: 'Read your profile' }, tokenUrl: '/token' } },
      },
      APIKeyHeader: { type: 'apiKey', in: 'header', name: 'X-API-Key' },
      HTTPBasic: { type: 'http', scheme: 'basic' },
    })
    expect(document.paths['/me']?.get?.security).toEqual([{ OAuth2PasswordBearer: [] }])
    expect(document.paths['/both']?.get?.security).toEqual([
      { OAuth2PasswordBearer: [] },
      { APIKeyHeader: [] },
    ])
    expect(document.paths['/admin']?.get?.security).toEqual([{ HTTPBasic: [] }])
    expect(document.paths['/public']?.get?.security).toBeUndefined()
    // The credential is documented by the scheme, not as a header parameter of its own.
    expect(document.paths['/both']?.get?.parameters).toBeUndefined()
  })

  it('documents the auth example: the password flow and the login form', () => {
    const document = authExample.openapi()
    expect(document.components?.securitySchemes).toEqual({
      OAuth2PasswordBearer: { type: 'oauth2', flows: { password: { scopes: {}, tokenUrl: '/token' } } },
    })
    expect(document.paths['/users/me']?.get?.security).toEqual([{ OAuth2PasswordBearer: [] }])
    const body = document.paths['/token']?.post?.requestBody as any
    expect(Object.keys(body.content)).toEqual(['application/x-www-form-urlencoded'])
    const ref: string = body.content['application/x-www-form-urlencoded'].schema.$ref
    const form = document.components?.schemas?.[ref.split('/').at(-1)!] as any
    expect(form.required).toEqual(['username', 'password'])
    expect(Object.keys(form.properties)).toEqual([
      'grant_type',
      'username',
      'password',
      'scope',
      'client_id',
      'client_secret',
    ])
    expect(form.properties.grant_type).toEqual({ type: 'string', pattern: '^password$' })
    expect(form.properties.password).toEqual({ type: 'string', format: 'password' })
  })
})
