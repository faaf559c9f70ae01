import { describe, expect, expectTypeOf, it } from 'vitest'
import { App, Depends, t } from 'wharfjs'
import { TestClient } from 'wharfjs/testing'

describe('Depends(params, fn)', () => {
  it('resolves sub-dependencies once per request and types ctx.deps', async () => {
    const events: string[] = []
    let calls = 0
    const db = Depends(async function* database() {
      calls++
      events.push('db:open')
      try {
        yield { name: 'db' as const }
      } finally {
        events.push('db:close')
      }
    })
    const user = Depends({ headers: { xUser: t.String() }, deps: { db } }, ({ headers, deps }) => ({
      user: headers.xUser,
      db: deps.db.name,
    }))
    const app = new App({ logger: false })
    app.get('/me', { deps: { user, db } }, ({ deps }) => {
      expectTypeOf(deps.user).toEqualTypeOf<{ user: string; db: 'db' }>()
      expectTypeOf(deps.db).toEqualTypeOf<{ name: 'db' }>()
      events.push('handler')
      return deps.user
    })
    const client = new TestClient(app)
    const res = await client.get('/me', { headers: { 'x-user': 'ann' } })
    expect(res.status).toBe(200)
    expect(res.json()).toEqual({ user: 'ann', db: 'db' })
    await new Promise((r) => setTimeout(r, 10))
    expect(events).toEqual(['db:open', 'handler', 'db:close'])
    expect(calls).toBe(1)
    const bad = await client.get('/me')
    expect(bad.status).toBe(422)
    expect(bad.json()).toEqual({
      detail: [{ type: 'missing', loc: ['header', 'x-user'], msg: 'Field required', input: null }],
    })
  })
})
