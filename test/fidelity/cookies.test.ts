import { describe, expect, it } from 'vitest'
import { App } from 'wharfjs'
import { TestClient } from 'wharfjs/testing'

describe('ctx.response.setCookie / deleteCookie', () => {
  it('sets cookies with FastAPI defaults (Path=/, SameSite=Lax) and the usual attributes', async () => {
    const app = new App({ logger: false })
    app.post('/login', (ctx) => {
      ctx.response.status = 201
      ctx.response.setCookie('session_id', 'abc123')
      ctx.response.setCookie('prefs', 'dark mode', {
        httpOnly: true,
        secure: true,
        maxAge: 3600,
        sameSite: 'strict',
        path: '/app',
        domain: 'example.com',
      })
      return { ok: true }
    })
    const res = await new TestClient(app).post('/login')
    expect([res.status, res.json()]).toEqual([201, { ok: true }])
    expect(res.headers['set-cookie']).toEqual([
      'session_id=abc123; Path=/; SameSite=Lax',
      'prefs=dark%20mode; Max-Age=3600; Domain=example.com; Path=/app; HttpOnly; Secure; SameSite=Strict',
    ])
  })

  it('deletes a cookie: empty value, Max-Age=0, expired', async () => {
    const app = new App({ logger: false })
    app.post('/logout', (ctx) => {
      ctx.response.deleteCookie('session_id')
      return null
    })
    const res = await new TestClient(app).post('/logout')
    expect(res.headers['set-cookie']).toEqual([
      'session_id=; Max-Age=0; Path=/; Expires=Thu, 01 Jan 1970 00:00:00 GMT; SameSite=Lax',
    ])
  })

  it('keeps a Set-Cookie header set by hand', async () => {
    const app = new App({ logger: false })
    app.get('/both', (ctx) => {
      ctx.response.headers['set-cookie'] = 'a=1'
      ctx.response.setCookie('b', '2')
      return 'ok'
    })
    const res = await new TestClient(app).get('/both')
    expect(res.headers['set-cookie']).toEqual(['a=1', 'b=2; Path=/; SameSite=Lax'])
  })
})
