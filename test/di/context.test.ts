import { describe, expect, it } from 'vitest'
import { App, Depends } from 'wharfjs'
import { TestClient } from 'wharfjs/testing'
import { sleep } from '../helpers.ts'

describe("a dependency's context is the request's context", () => {
  it('shares ctx.state, ctx.response headers and ctx.background with the handler', async () => {
    const events: string[] = []
    const session = Depends((ctx) => {
      ctx.state.user = 'ann'
      ctx.response.headers['set-cookie'] = 'session=abc; Path=/; SameSite=lax'
      ctx.background.add(() => {
        events.push('audit from the dependency')
      })
      return 'session'
    })
    const app = new App({ logger: false })
    app.get('/', { deps: { session } }, (ctx) => ({ user: ctx.state.user }))
    const res = await new TestClient(app).get('/')
    expect(res.json()).toEqual({ user: 'ann' })
    expect(res.headers['set-cookie']).toBe('session=abc; Path=/; SameSite=lax')
    for (let i = 0; i < 50 && events.length === 0; i++) await sleep(5)
    expect(events).toEqual(['audit from the dependency'])
  })
})
