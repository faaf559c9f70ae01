import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { App, fetchHandler, type RunningServer } from 'wharfjs'
import { HTTPBasic, OAuth2PasswordBearer } from 'wharfjs/security'

function makeApp() {
  const app = new App({ logger: false })
  app.get('/token', { deps: { token: OAuth2PasswordBearer({ tokenUrl: '/login' }) } }, ({ deps }) => ({
    token: deps.token,
  }))
  app.get('/basic', { deps: { credentials: HTTPBasic({ realm: 'r' }) } }, ({ deps }) => deps.credentials)
  return app
}

describe('security utilities over real HTTP (node:http)', () => {
  let server: RunningServer
  beforeAll(async () => {
    server = await makeApp().listen({ port: 0 })
  })
  afterAll(() => server.close())

  it('sends the 401 challenge on the wire and reads the Authorization header', async () => {
    const missing = await fetch(`${server.url}/token`)
    expect(missing.status).toBe(401)
    expect(missing.headers.get('www-authenticate')).toBe('Bearer')
    expect(await missing.json()).toEqual({ detail: 'Not authenticated' })
    const ok = await fetch(`${server.url}/token`, { headers: { Authorization: 'Bearer t-1' } })
    expect(await ok.json()).toEqual({ token: 't-1' })
    const basic = await fetch(`${server.url}/basic`, {
      headers: { Authorization: `Basic ${btoa('ann:pw')}` },
    })
    expect(await basic.json()).toEqual({ username: 'ann', password: 'pw' })
  })
})

describe('security utilities through fetchHandler (WHATWG Request/Response)', () => {
  const handle = fetchHandler(makeApp())

  it('answers the same 401 with its challenge, and reads the credentials', async () => {
    const missing = await handle(new Request('http://app.test/basic'))
    expect(missing.status).toBe(401)
    expect(missing.headers.get('www-authenticate')).toBe('Basic realm="r"')
    expect(await missing.json()).toEqual({ detail: 'Not authenticated' })
    const ok = await handle(
      new Request('http://app.test/token', { headers: { Authorization: 'Bearer t-2' } }),
    )
    expect(await ok.json()).toEqual({ token: 't-2' })
  })
})
