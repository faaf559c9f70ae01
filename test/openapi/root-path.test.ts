import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { App, type RunningServer } from 'wharfjs'

// Behind a reverse proxy that mounts the app under /api (`wharf run --root-path /api`).
const app = new App({ title: 'Behind a proxy', version: '1', logger: false })
app.get('/items', () => [])
let server: RunningServer
beforeAll(async () => {
  server = await app.listen({ port: 0, rootPath: '/api' })
})
afterAll(() => server.close())

describe('docs behind --root-path', () => {
  it('names the prefix as the server in the served document', async () => {
    const document = await (await fetch(`${server.url}/api/openapi.json`)).json()
    expect(document.servers).toEqual([{ url: '/api' }])
    expect(Object.keys(document.paths)).toEqual(['/items'])
    expect(app.openapi().servers).toBeUndefined()
  })

  it('points the Swagger UI and ReDoc pages at prefixed URLs', async () => {
    const swagger = await (await fetch(`${server.url}/api/docs`)).text()
    expect(swagger).toContain('"/api/openapi.json"')
    expect(swagger).toContain('"/api/docs/oauth2-redirect"')
    expect(swagger).toMatch(/href="\/api\/docs\/[^"]+\.css"/)
    const redoc = await (await fetch(`${server.url}/api/redoc`)).text()
    expect(redoc).toContain('spec-url="/api/openapi.json"')
  })

  it('serves unprefixed pages when reached directly', async () => {
    const direct = new App({ title: 'Direct', version: '1', logger: false })
    const res = await direct.fetch(new Request('http://localhost/docs'))
    expect(await res.text()).toContain('"/openapi.json"')
  })
})
