import { describe, expect, it } from 'vitest'
import { App, Router, t } from 'wharfjs'
import { TestClient } from 'wharfjs/testing'

const quiet = () => new App({ logger: false })

describe('path syntax', () => {
  it('accepts {param} and :param alike', async () => {
    const app = quiet()
    app.get('/a/{id}', ({ path }) => path)
    app.get('/b/:id', ({ path }) => path)
    const client = new TestClient(app)
    expect((await client.get('/a/1')).json()).toEqual({ id: '1' })
    expect((await client.get('/b/2')).json()).toEqual({ id: '2' })
  })

  it('decodes percent-escapes in path parameters', async () => {
    const app = quiet()
    app.get('/unicorns/{name}', ({ path }) => path)
    expect((await new TestClient(app).get('/unicorns/hello%20world')).json()).toEqual({ name: 'hello world' })
  })

  it('{name:path} matches the rest of the path, slashes included', async () => {
    const app = quiet()
    app.get('/files/{file_path:path}', ({ path }) => path)
    expect((await new TestClient(app).get('/files/a/b/c.txt')).json()).toEqual({ file_path: 'a/b/c.txt' })
  })

  it('a static segment beats a parameter, in either declaration order', async () => {
    for (const staticFirst of [true, false]) {
      const app = quiet()
      const me = () => app.get('/users/me', () => ({ who: 'me' }))
      const named = () => app.get('/users/{name}', ({ path }) => ({ who: path.name }))
      for (const declare of staticFirst ? [me, named] : [named, me]) declare()
      const client = new TestClient(app)
      expect((await client.get('/users/me')).json()).toEqual({ who: 'me' })
      expect((await client.get('/users/ann')).json()).toEqual({ who: 'ann' })
    }
  })

  it('a parameter beats a {path:path} catch-all, in either declaration order', async () => {
    for (const catchAllFirst of [true, false]) {
      const app = quiet()
      const rest = () => app.get('/files/{rest:path}', ({ path }) => ({ rest: path.rest }))
      const one = () => app.get('/files/{name}', ({ path }) => ({ name: path.name }))
      for (const declare of catchAllFirst ? [rest, one] : [one, rest]) declare()
      const client = new TestClient(app)
      expect((await client.get('/files/a.txt')).json()).toEqual({ name: 'a.txt' })
      expect((await client.get('/files/a/b.txt')).json()).toEqual({ rest: 'a/b.txt' })
    }
  })
})

describe('404, 405 and HEAD', () => {
  it('answers an unknown path with 404 {"detail":"Not Found"}', async () => {
    const res = await new TestClient(quiet()).get('/nope')
    expect(res.status).toBe(404)
    expect(res.json()).toEqual({ detail: 'Not Found' })
    expect(res.headers['content-type']).toBe('application/json')
  })

  it('answers a known path with the wrong method with 405 and an Allow header', async () => {
    const app = quiet()
    app.get('/items', () => [])
    app.post('/items', () => ({}))
    const res = await new TestClient(app).delete('/items')
    expect(res.status).toBe(405)
    expect(res.json()).toEqual({ detail: 'Method Not Allowed' })
    expect(res.headers.allow).toBe('GET, HEAD, POST')
  })

  it('answers HEAD for every GET route, with headers and no body', async () => {
    const app = quiet()
    app.get('/', () => ({ Hello: 'World' }))
    const res = await new TestClient(app).head('/')
    expect(res.status).toBe(200)
    expect(res.headers['content-type']).toBe('application/json')
    expect(res.text).toBe('')
  })

  it('lets an explicit HEAD route take precedence', async () => {
    const app = quiet()
    app.head('/', () => new Response(null, { status: 204, headers: { 'x-head': 'own' } }))
    app.get('/', () => ({ Hello: 'World' }))
    const res = await new TestClient(app).head('/')
    expect(res.status).toBe(204)
    expect(res.headers['x-head']).toBe('own')
  })
})

describe('trailing slash', () => {
  it('redirects with 307 to the declared form, absolute, keeping the query (FastAPI default)', async () => {
    const app = quiet()
    app.get('/items/', () => [])
    app.get('/users', () => [])
    const client = new TestClient(app)
    const toSlash = await client.get('/items', { query: { q: 'x' } })
    expect(toSlash.status).toBe(307)
    expect(toSlash.headers.location).toBe('http://testserver/items/?q=x')
    const fromSlash = await client.get('/users/')
    expect(fromSlash.status).toBe(307)
    expect(fromSlash.headers.location).toBe('http://testserver/users')
  })

  it("matches both forms with trailingSlash: 'ignore'", async () => {
    const app = new App({ logger: false, trailingSlash: 'ignore' })
    app.get('/items', () => ['a'])
    const client = new TestClient(app)
    expect((await client.get('/items/')).json()).toEqual(['a'])
    expect((await client.get('/items')).json()).toEqual(['a'])
  })

  it("answers 404 for the other form with trailingSlash: 'strict'", async () => {
    const app = new App({ logger: false, trailingSlash: 'strict' })
    app.get('/items', () => ['a'])
    expect((await new TestClient(app).get('/items/')).status).toBe(404)
  })
})

describe('Router and app.include(router)', () => {
  it('applies prefixes and tags, nested routers included', async () => {
    const app = quiet()
    const v1 = new Router({ prefix: '/v1', tags: ['v1'] })
    const items = new Router({ prefix: '/items', tags: ['items'] })
    items.get('/{id}', { path: { id: t.Integer() }, tags: ['read'] }, ({ path }) => ({ id: path.id }))
    items.get('/', () => [])
    v1.include(items)
    app.include(v1, { prefix: '/api' })
    const client = new TestClient(app)
    expect((await client.get('/api/v1/items/3')).json()).toEqual({ id: 3 })
    expect((await client.get('/api/v1/items')).json()).toEqual([])
    const route = app.routes.find((r) => r.path === '/api/v1/items/{id}')
    expect(route?.options.tags).toEqual(['v1', 'items', 'read'])
  })

  it('reports two routes with the same method and path when the app is built', () => {
    const app = quiet()
    app.get('/x', () => 1)
    app.get('/x', () => 2)
    expect(() => app.build()).toThrow(/WHARF_ROUTE_DUPLICATE/)
  })

  it('refuses new routes once the app serves', async () => {
    const app = quiet()
    app.get('/', () => 1)
    await new TestClient(app).get('/')
    expect(() => app.get('/late', () => 2)).toThrow(/WHARF_APP_BUILT/)
  })
})

describe('path parameter declarations', () => {
  it('reports a declared path parameter missing from the template at build time', () => {
    const app = new App({ logger: false })
    app.get('/items/{id}', { path: { itemId: t.Integer() } }, () => null)
    expect(() => app.build()).toThrow(
      'WHARF_ROUTE_PARAM_MISMATCH: GET /items/{id}: path parameter "itemId" is declared but the path has no {itemId}',
    )
  })
})
