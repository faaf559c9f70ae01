import { describe, expect, it } from 'vitest'
import { App } from 'wharfjs'
import { HTTPBearer } from 'wharfjs/security'
import { TestClient } from 'wharfjs/testing'

function appWith(security: ReturnType<typeof HTTPBearer> | ReturnType<typeof HTTPBearer<false>>) {
  const app = new App({ logger: false })
  app.get('/me', { deps: { auth: security } }, ({ deps }) => deps.auth ?? { anonymous: true })
  return new TestClient(app)
}

describe('HTTPBearer', () => {
  const client = appWith(HTTPBearer())

  it('provides the scheme as sent and the credentials', async () => {
    const res = await client.get('/me', { headers: { authorization: 'Bearer abc.def' } })
    expect(res.status).toBe(200)
    expect(res.json()).toEqual({ scheme: 'Bearer', credentials: 'abc.def' })
    const lower = await client.get('/me', { headers: { authorization: 'bearer xyz' } })
    expect(lower.json()).toEqual({ scheme: 'bearer', credentials: 'xyz' })
  })

  it('answers a missing header, an empty token or another scheme with 401 and the Bearer challenge', async () => {
    const cases = [
      {},
      { authorization: 'Bearer' },
      { authorization: 'Bearer ' },
      { authorization: 'Basic YTpi' },
    ]
    for (const headers of cases) {
      const res = await client.get('/me', { headers })
      expect(res.status).toBe(401)
      expect(res.json()).toEqual({ detail: 'Not authenticated' })
      expect(res.headers['www-authenticate']).toBe('Bearer')
    }
  })

  it('provides undefined instead with autoError: false, for a missing header and another scheme', async () => {
    const optional = appWith(HTTPBearer({ autoError: false }))
    for (const headers of [{}, { authorization: 'Basic YTpi' }]) {
      const res = await optional.get('/me', { headers })
      expect(res.status).toBe(200)
      expect(res.json()).toEqual({ anonymous: true })
    }
  })

  it('documents itself as an http bearer scheme, with the bearer format when given', () => {
    expect(HTTPBearer().openapi).toEqual({
      securitySchemes: { HTTPBearer: { type: 'http', scheme: 'bearer' } },
      security: [{ HTTPBearer: [] }],
    })
    expect(HTTPBearer({ bearerFormat: 'JWT', schemeName: 'jwt' }).openapi).toEqual({
      securitySchemes: { jwt: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' } },
      security: [{ jwt: [] }],
    })
  })
})
