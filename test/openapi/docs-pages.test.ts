import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { describe, expect, it } from 'vitest'
import { App, type AppOptions } from 'wharfjs'
import { TestClient } from 'wharfjs/testing'

const require = createRequire(import.meta.url)
const packageFile = (name: string) => readFileSync(require.resolve(name))
const swaggerVersion = require('swagger-ui-dist/package.json').version as string
const redocVersion = require('redoc/package.json').version as string
const swaggerBase = `/docs/swagger-ui-dist@${swaggerVersion}`
const redocScript = `/redoc/redoc@${redocVersion}/redoc.standalone.js`

function client(options: AppOptions = {}) {
  const app = new App({ title: 'Shop <&>', logger: false, ...options })
  app.get('/items', async function listItems() {
    return []
  })
  return { app, client: new TestClient(app) }
}

describe('the docs pages', () => {
  it('serves the document at /openapi.json as application/json', async () => {
    const { app, client: http } = client()
    const res = await http.get('/openapi.json')
    expect(res.status).toBe(200)
    expect(res.headers['content-type']).toBe('application/json')
    expect(res.json()).toEqual(app.openapi())
  })

  it('serves changes made to app.openapi() before the first request for it', async () => {
    const { app, client: http } = client()
    ;(app.openapi().info as Record<string, unknown>)['x-logo'] = { url: '/logo.png' }
    expect((await http.get('/openapi.json')).json().info).toEqual({
      title: 'Shop <&>',
      version: '0.1.0',
      'x-logo': { url: '/logo.png' },
    })
  })

  it('serves what a replaced app.openapi returns (FastAPI’s custom-openapi recipe)', async () => {
    const { app, client: http } = client()
    const original = app.openapi.bind(app)
    app.openapi = () => ({ ...original(), info: { title: 'Custom', version: '9' } })
    expect((await http.get('/openapi.json')).json().info).toEqual({ title: 'Custom', version: '9' })
  })

  it('serves Swagger UI at /docs, loading only local files (no CDN)', async () => {
    const res = await client().client.get('/docs')
    expect(res.status).toBe(200)
    expect(res.headers['content-type']).toBe('text/html; charset=utf-8')
    expect(res.text).toContain('<title>Shop &lt;&amp;&gt; - Swagger UI</title>')
    expect(res.text).toContain(`<link type="text/css" rel="stylesheet" href="${swaggerBase}/swagger-ui.css">`)
    expect(res.text).toContain(`<script src="${swaggerBase}/swagger-ui-bundle.js"></script>`)
    expect(res.text).toContain('"url":"/openapi.json"')
    expect(res.text).toContain('oauth2RedirectUrl: window.location.origin + "/docs/oauth2-redirect"')
    expect(res.text).not.toMatch(/https?:\/\//)
  })

  it('serves the Swagger UI files from swagger-ui-dist with their types and a long cache lifetime', async () => {
    const http = client().client
    const files = [
      ['swagger-ui-bundle.js', 'text/javascript; charset=utf-8'],
      ['swagger-ui.css', 'text/css; charset=utf-8'],
      ['favicon-32x32.png', 'image/png'],
      ['oauth2-redirect.js', 'text/javascript; charset=utf-8'],
    ] as const
    for (const [file, type] of files) {
      const res = await http.get(`${swaggerBase}/${file}`)
      expect(res.status).toBe(200)
      expect(res.headers['content-type']).toBe(type)
      expect(res.headers['cache-control']).toBe('public, max-age=31536000, immutable')
      expect(res.body.equals(packageFile(`swagger-ui-dist/${file}`))).toBe(true)
    }
  })

  it('serves the OAuth2 redirect page at /docs/oauth2-redirect', async () => {
    const res = await client().client.get('/docs/oauth2-redirect')
    expect(res.status).toBe(200)
    expect(res.headers['content-type']).toBe('text/html; charset=utf-8')
    expect(res.text).toContain(`<script src="${swaggerBase}/oauth2-redirect.js"></script>`)
  })

  it('serves ReDoc at /redoc with its bundle from the redoc package, its CDN logo made inline', async () => {
    const http = client().client
    const page = await http.get('/redoc')
    expect(page.status).toBe(200)
    expect(page.headers['content-type']).toBe('text/html; charset=utf-8')
    expect(page.text).toContain('<redoc spec-url="/openapi.json"></redoc>')
    expect(page.text).toContain(`<script src="${redocScript}"></script>`)
    expect(page.text).not.toMatch(/https?:\/\//)
    const script = await http.get(redocScript)
    expect(script.status).toBe(200)
    expect(script.headers['content-type']).toBe('text/javascript; charset=utf-8')
    expect(script.headers['cache-control']).toBe('public, max-age=31536000, immutable')
    // The package's bundle, except that the logo it would load from ReDoc's CDN is an inline image.
    const original = packageFile('redoc/bundles/redoc.standalone.js').toString()
    expect(original).toContain('src:"https://cdn.redoc.ly/redoc/logo-mini.svg"')
    expect(script.text).not.toContain('cdn.redoc.ly')
    const inlineLogo = /src:"data:image\/svg\+xml,[^"]*"/g
    expect(script.text.match(inlineLogo)).toHaveLength(1)
    expect(script.text.replace(inlineLogo, 'src:"https://cdn.redoc.ly/redoc/logo-mini.svg"')).toBe(original)
  })

  it('moves everything with the configured URLs', async () => {
    const http = client({
      openapiUrl: '/api/schema.json',
      docsUrl: '/api/docs',
      redocUrl: '/api/redoc',
    }).client
    expect((await http.get('/api/schema.json')).status).toBe(200)
    const docs = await http.get('/api/docs')
    expect(docs.text).toContain('"url":"/api/schema.json"')
    expect(docs.text).toContain(
      `<script src="/api/docs/swagger-ui-dist@${swaggerVersion}/swagger-ui-bundle.js"></script>`,
    )
    expect((await http.get('/api/docs/oauth2-redirect')).status).toBe(200)
    expect((await http.get(`/api/docs/swagger-ui-dist@${swaggerVersion}/swagger-ui.css`)).status).toBe(200)
    expect((await http.get('/api/redoc')).text).toContain('<redoc spec-url="/api/schema.json"></redoc>')
    expect((await http.get('/docs')).status).toBe(404)
    expect((await http.get('/openapi.json')).status).toBe(404)
  })

  it('turns pages off one by one with null', async () => {
    const http = client({ docsUrl: null }).client
    expect((await http.get('/docs')).status).toBe(404)
    expect((await http.get('/docs/oauth2-redirect')).status).toBe(404)
    expect((await http.get(`${swaggerBase}/swagger-ui.css`)).status).toBe(404)
    expect((await http.get('/redoc')).status).toBe(200)
    const noRedoc = client({ redocUrl: null }).client
    expect((await noRedoc.get('/redoc')).status).toBe(404)
    expect((await noRedoc.get(redocScript)).status).toBe(404)
    expect((await noRedoc.get('/docs')).status).toBe(200)
  })

  it('serves no document and no pages when openapiUrl is null', async () => {
    const http = client({ openapiUrl: null }).client
    for (const path of ['/openapi.json', '/docs', '/redoc', '/docs/oauth2-redirect']) {
      expect((await http.get(path)).status).toBe(404)
    }
    expect((await http.get('/items')).status).toBe(200)
  })
})
