import { afterAll, describe, expect, it } from 'vitest'
import { App, HTTPException, json, StaticFiles, t } from 'wharfjs'
import { TestClient } from 'wharfjs/testing'
import { HELLO, makeSite } from './fixture.ts'

const site = makeSite()
afterAll(site.remove)

function makeApps() {
  const sub = new App({ title: 'Sub API', version: '2.0.0', logger: false })
  const seen: string[] = []
  sub.use(async (ctx, next) => {
    seen.push(`sub:${ctx.pathname}`)
    const response = await next()
    response.headers['x-sub'] = '1'
    return response
  })
  sub.exceptionHandler(HTTPException, (error) => json({ sub_error: error.detail }, { status: error.status }))
  sub.get('/items/{id}', ({ path, request }) => ({ id: path.id, rootPath: request.rootPath }))
  sub.post('/echo', { body: t.Object({ a: t.Integer() }) }, ({ body }) => body)

  const parent = new App({ title: 'Main', logger: false })
  parent.use(async (ctx, next) => {
    seen.push(`parent:${ctx.pathname}`)
    const response = await next()
    response.headers['x-parent'] = '1'
    return response
  })
  parent.get('/', () => ({ main: true }))
  parent.get('/v2/special', () => ({ parent: 'wins' }))
  parent.mount('/v2', sub)
  parent.mount('/static', new StaticFiles({ directory: site.pub, html: true }))
  return { parent, sub, seen }
}

describe('app.mount(path, app): a Wharf app under a prefix', () => {
  it("sees its own paths and rootPath, runs its own middleware inside the parent's", async () => {
    const { parent, seen } = makeApps()
    const res = await new TestClient(parent).get('/v2/items/7?x=1')
    expect([res.status, res.json()]).toEqual([200, { id: '7', rootPath: '/v2' }])
    expect([res.headers['x-sub'], res.headers['x-parent']]).toEqual(['1', '1'])
    expect(seen).toEqual(['parent:/v2/items/7', 'sub:/items/7'])
  })

  it('answers its own errors with its own exception handlers; the parent keeps its own', async () => {
    const client = new TestClient(makeApps().parent)
    const missing = await client.get('/v2/nope')
    expect([missing.status, missing.json()]).toEqual([404, { sub_error: 'Not Found' }])
    const parentMissing = await client.get('/nope')
    expect([parentMissing.status, parentMissing.json()]).toEqual([404, { detail: 'Not Found' }])
  })

  it('parent routes match first; the bare prefix redirects to its trailing-slash form', async () => {
    const client = new TestClient(makeApps().parent)
    expect((await client.get('/v2/special')).json()).toEqual({ parent: 'wins' })
    const bare = await client.get('/v2?q=1')
    expect([bare.status, bare.headers.location]).toEqual([307, 'http://testserver/v2/?q=1'])
  })

  it('has its own OpenAPI document and docs page, with the mount as its server', async () => {
    const client = new TestClient(makeApps().parent)
    const document = (await client.get('/v2/openapi.json')).json()
    expect(document.info).toEqual({ title: 'Sub API', version: '2.0.0' })
    expect(document.servers).toEqual([{ url: '/v2' }])
    expect(Object.keys(document.paths)).toEqual(['/items/{id}', '/echo'])
    const docs = await client.get('/v2/docs')
    expect(docs.status).toBe(200)
    expect(docs.text).toContain('/v2/openapi.json')
    const parentDocument = (await client.get('/openapi.json')).json()
    expect(Object.keys(parentDocument.paths)).toEqual(['/', '/v2/special'])
  })

  it('works the same over a real socket', async () => {
    const server = await makeApps().parent.listen({ port: 0 })
    try {
      const item = await fetch(`${server.url}/v2/items/3`)
      expect([item.status, await item.json()]).toEqual([200, { id: '3', rootPath: '/v2' }])
      const file = await fetch(`${server.url}/static/hello.txt`, { headers: { range: 'bytes=7-12' } })
      expect([file.status, await file.text()]).toEqual([206, HELLO.slice(7, 13)])
    } finally {
      await server.close()
    }
  })

  it('reads the request body through the mount', async () => {
    const res = await new TestClient(makeApps().parent).post('/v2/echo', { json: { a: 1 } })
    expect([res.status, res.json()]).toEqual([200, { a: 1 }])
  })
})

describe('app.mount(path, new StaticFiles(...))', () => {
  const client = new TestClient(makeApps().parent)

  it('serves the folder under the prefix, with conditional and range requests', async () => {
    const res = await client.get('/static/hello.txt')
    expect([res.status, res.text, res.headers['x-parent']]).toEqual([200, HELLO, '1'])
    const part = await client.get('/static/hello.txt', { headers: { range: 'bytes=0-4' } })
    expect([part.status, part.text]).toEqual([206, 'Hello'])
    expect((await client.head('/static/hello.txt')).headers['content-length']).toBe(String(HELLO.length))
  })

  it("answers misses, traversal and other methods through the parent's handlers", async () => {
    for (const path of ['/static/nope.txt', '/static/../secret.txt', '/static/%2e%2e/secret.txt']) {
      const res = await client.get(path)
      expect([path, res.status]).toEqual([path, 404])
    }
    const post = await client.post('/static/hello.txt')
    expect([post.status, post.json(), post.headers.allow]).toEqual([
      405,
      { detail: 'Method Not Allowed' },
      'GET, HEAD',
    ])
  })

  it('html mode under a mount: the folder redirect stays under the prefix', async () => {
    const docs = await client.get('/static/docs')
    expect([docs.status, docs.headers.location]).toEqual([307, './docs/'])
    expect((await client.get('/static/docs/')).text).toBe('<h1>Docs</h1>')
    const root = await client.get('/static')
    expect([root.status, root.headers.location]).toEqual([307, 'http://testserver/static/'])
  })
})
