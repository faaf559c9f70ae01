import { describe, expect, it } from 'vitest'
import { App, HTTPException, Router } from 'wharfjs'
import { TestClient } from 'wharfjs/testing'

function makeApp() {
  const calls: string[] = []
  const app = new App({ logger: false })
  app.use(async (ctx, next) => {
    calls.push(`app:${ctx.pathname}`)
    return next()
  })
  const admin = new Router({ prefix: '/admin' })
  admin.use(async (ctx, next) => {
    calls.push(`admin:${ctx.route}`)
    if (ctx.request.headers['x-admin'] !== 'yes') throw new HTTPException(403, 'Forbidden')
    const response = await next()
    response.headers['x-admin-checked'] = 'yes'
    return response
  })
  const reports = new Router({ prefix: '/reports' })
  reports.use(async (_ctx, next) => {
    calls.push('reports')
    return next()
  })
  reports.get('/{id}', ({ path }) => ({ report: path.id }))
  reports.get('/broken', () => {
    throw new HTTPException(418, 'Teapot')
  })
  admin.get('/users', () => ['ann'])
  admin.include(reports)
  app.include(admin)
  app.get('/public', () => ({ public: true }))
  return { app, calls }
}

describe("router.use(): middleware for one router's routes", () => {
  it("runs for the router's routes, inside the app middleware, with the matched route known", async () => {
    const { app, calls } = makeApp()
    const res = await new TestClient(app).get('/admin/users', { headers: { 'x-admin': 'yes' } })
    expect([res.status, res.json(), res.headers['x-admin-checked']]).toEqual([200, ['ann'], 'yes'])
    expect(calls).toEqual(['app:/admin/users', 'admin:/admin/users'])
  })

  it('does not run for other routes, nor for unknown paths', async () => {
    const { app, calls } = makeApp()
    const client = new TestClient(app)
    expect((await client.get('/public')).json()).toEqual({ public: true })
    expect((await client.get('/admin/nope')).status).toBe(404)
    expect(calls).toEqual(['app:/public', 'app:/admin/nope'])
  })

  it('can refuse a request: its error is answered by the exception handlers', async () => {
    const res = await new TestClient(makeApp().app).get('/admin/users')
    expect([res.status, res.json()]).toEqual([403, { detail: 'Forbidden' }])
  })

  it("nests: an included router's routes run the outer router's middleware first", async () => {
    const { app, calls } = makeApp()
    const res = await new TestClient(app).get('/admin/reports/7', { headers: { 'x-admin': 'yes' } })
    expect([res.status, res.json()]).toEqual([200, { report: '7' }])
    expect(calls).toEqual(['app:/admin/reports/7', 'admin:/admin/reports/{id}', 'reports'])
  })

  it('sees errors further in as responses, as app middleware does', async () => {
    const res = await new TestClient(makeApp().app).get('/admin/reports/broken', {
      headers: { 'x-admin': 'yes' },
    })
    expect([res.status, res.json(), res.headers['x-admin-checked']]).toEqual([
      418,
      { detail: 'Teapot' },
      'yes',
    ])
  })
})
