import { describe, expect, it } from 'vitest'
import { App } from 'wharfjs'
import { APIKeyCookie, APIKeyHeader, APIKeyQuery } from 'wharfjs/security'
import { TestClient } from 'wharfjs/testing'

const notAuthenticated = { detail: 'Not authenticated' }

function appWith(key: ReturnType<typeof APIKeyHeader> | ReturnType<typeof APIKeyHeader<false>>) {
  const app = new App({ logger: false })
  app.get('/items', { deps: { key } }, ({ deps }) => ({ key: deps.key ?? null }))
  return new TestClient(app)
}

describe('APIKeyHeader', () => {
  const client = appWith(APIKeyHeader({ name: 'X-API-Key' }))

  it('provides the key from the header, looked up case-insensitively', async () => {
    const res = await client.get('/items', { headers: { 'x-api-key': 'k-123' } })
    expect(res.status).toBe(200)
    expect(res.json()).toEqual({ key: 'k-123' })
  })

  it('answers a missing key with 401 and the APIKey challenge (FastAPI ≥ 0.122)', async () => {
    const res = await client.get('/items')
    expect(res.status).toBe(401)
    expect(res.json()).toEqual(notAuthenticated)
    expect(res.headers['www-authenticate']).toBe('APIKey')
    expect(res.headers['content-type']).toBe('application/json')
  })

  it('treats an empty key as missing', async () => {
    const res = await client.get('/items', { headers: { 'x-api-key': '' } })
    expect(res.status).toBe(401)
    expect(res.json()).toEqual(notAuthenticated)
  })

  it('provides undefined instead with autoError: false', async () => {
    const optional = appWith(APIKeyHeader({ name: 'x-api-key', autoError: false }))
    const res = await optional.get('/items')
    expect(res.status).toBe(200)
    expect(res.json()).toEqual({ key: null })
    expect((await optional.get('/items', { headers: { 'x-api-key': 'k' } })).json()).toEqual({ key: 'k' })
  })

  it('documents itself as an apiKey scheme named after the utility, or schemeName', () => {
    expect(APIKeyHeader({ name: 'X-API-Key' }).openapi).toEqual({
      securitySchemes: { APIKeyHeader: { type: 'apiKey', in: 'header', name: 'X-API-Key' } },
      security: [{ APIKeyHeader: [] }],
    })
    expect(
      APIKeyHeader({ name: 'key', schemeName: 'PartnerKey', description: 'Per partner' }).openapi,
    ).toEqual({
      securitySchemes: {
        PartnerKey: { type: 'apiKey', in: 'header', name: 'key', description: 'Per partner' },
      },
      security: [{ PartnerKey: [] }],
    })
  })

  it('does not add a header parameter of its own: a missing key is never a 422', async () => {
    const res = await client.get('/items', { headers: { 'x-other': 'k' } })
    expect(res.status).toBe(401)
  })
})

describe('APIKeyQuery', () => {
  const client = appWith(APIKeyQuery({ name: 'api_key' }))

  it('provides the key from the query string (the last one when repeated)', async () => {
    expect((await client.get('/items', { query: { api_key: 'q-1' } })).json()).toEqual({ key: 'q-1' })
    expect((await client.get('/items', { query: { api_key: ['a', 'b'] } })).json()).toEqual({ key: 'b' })
  })

  it('answers a missing or empty key with 401 and the APIKey challenge', async () => {
    for (const query of [undefined, { other: 'x' }, { api_key: '' }]) {
      const res = await client.get('/items', query ? { query } : {})
      expect(res.status).toBe(401)
      expect(res.json()).toEqual(notAuthenticated)
      expect(res.headers['www-authenticate']).toBe('APIKey')
    }
  })

  it('provides undefined instead with autoError: false', async () => {
    const res = await appWith(APIKeyQuery({ name: 'api_key', autoError: false })).get('/items')
    expect(res.status).toBe(200)
    expect(res.json()).toEqual({ key: null })
  })

  it('documents itself as an apiKey scheme in the query', () => {
    expect(APIKeyQuery({ name: 'api_key' }).openapi?.securitySchemes).toEqual({
      APIKeyQuery: { type: 'apiKey', in: 'query', name: 'api_key' },
    })
  })
})

describe('APIKeyCookie', () => {
  const client = appWith(APIKeyCookie({ name: 'session' }))

  it('provides the key from the cookie', async () => {
    const res = await client.get('/items', { cookies: { theme: 'dark', session: 's-1' } })
    expect(res.status).toBe(200)
    expect(res.json()).toEqual({ key: 's-1' })
  })

  it('answers a missing cookie with 401 and the APIKey challenge', async () => {
    const res = await client.get('/items', { cookies: { theme: 'dark' } })
    expect(res.status).toBe(401)
    expect(res.json()).toEqual(notAuthenticated)
    expect(res.headers['www-authenticate']).toBe('APIKey')
  })

  it('provides undefined instead with autoError: false', async () => {
    const res = await appWith(APIKeyCookie({ name: 'session', autoError: false })).get('/items')
    expect(res.json()).toEqual({ key: null })
  })

  it('documents itself as an apiKey scheme in a cookie', () => {
    expect(APIKeyCookie({ name: 'session' }).openapi?.securitySchemes).toEqual({
      APIKeyCookie: { type: 'apiKey', in: 'cookie', name: 'session' },
    })
  })
})
