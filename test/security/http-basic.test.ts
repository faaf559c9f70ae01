import { describe, expect, it } from 'vitest'
import { App } from 'wharfjs'
import { HTTPBasic } from 'wharfjs/security'
import { TestClient } from 'wharfjs/testing'

const basic = (text: string) => `Basic ${Buffer.from(text).toString('base64')}`

function appWith(security: ReturnType<typeof HTTPBasic> | ReturnType<typeof HTTPBasic<false>>) {
  const app = new App({ logger: false })
  app.get(
    '/users/me',
    { deps: { credentials: security } },
    ({ deps }) => deps.credentials ?? { anonymous: true },
  )
  return new TestClient(app)
}

describe('HTTPBasic', () => {
  const client = appWith(HTTPBasic())

  it('provides the username and password; the password may contain colons', async () => {
    const res = await client.get('/users/me', { headers: { authorization: basic('john:se:cret') } })
    expect(res.status).toBe(200)
    expect(res.json()).toEqual({ username: 'john', password: 'se:cret' })
  })

  it('matches the scheme case-insensitively', async () => {
    const res = await client.get('/users/me', { headers: { authorization: `basic ${btoa('a:b')}` } })
    expect(res.json()).toEqual({ username: 'a', password: 'b' })
  })

  it('answers missing credentials or another scheme with 401 and the Basic challenge', async () => {
    for (const headers of [{}, { authorization: 'Bearer token' }, { authorization: 'Basicdefinitely' }]) {
      const res = await client.get('/users/me', { headers })
      expect(res.status).toBe(401)
      expect(res.json()).toEqual({ detail: 'Not authenticated' })
      expect(res.headers['www-authenticate']).toBe('Basic')
    }
  })

  it('answers credentials that are not base64 of user:password with 401 Invalid authentication credentials', async () => {
    const malformed = [
      'Basic not base64!',
      'Basic abc',
      `Basic ${btoa('no-colon')}`,
      'Basic',
      basic('jöhn:pw'),
    ]
    for (const authorization of malformed) {
      const res = await client.get('/users/me', { headers: { authorization } })
      expect(res.status, authorization).toBe(401)
      expect(res.json()).toEqual({ detail: 'Invalid authentication credentials' })
      expect(res.headers['www-authenticate']).toBe('Basic')
    }
  })

  it('sends the realm in the challenge', async () => {
    const res = await appWith(HTTPBasic({ realm: 'admin area' })).get('/users/me')
    expect(res.status).toBe(401)
    expect(res.headers['www-authenticate']).toBe('Basic realm="admin area"')
  })

  it('provides undefined for missing credentials with autoError: false, but still rejects malformed ones', async () => {
    const optional = appWith(HTTPBasic({ autoError: false }))
    const missing = await optional.get('/users/me')
    expect(missing.status).toBe(200)
    expect(missing.json()).toEqual({ anonymous: true })
    const other = await optional.get('/users/me', { headers: { authorization: 'Bearer token' } })
    expect(other.json()).toEqual({ anonymous: true })
    const malformed = await optional.get('/users/me', { headers: { authorization: 'Basic !!!' } })
    expect(malformed.status).toBe(401)
    expect(malformed.json()).toEqual({ detail: 'Invalid authentication credentials' })
  })

  it('documents itself as an http basic scheme', () => {
    expect(HTTPBasic().openapi).toEqual({
      securitySchemes: { HTTPBasic: { type: 'http', scheme: 'basic' } },
      security: [{ HTTPBasic: [] }],
    })
  })
})
