import { describe, expectTypeOf, it } from 'vitest'
import { App, Depends, HTTPResponse, json, Router, t } from 'wharfjs'
import { z } from 'zod'

// These tests run at type-check time (npm test runs tsc over test/): a wrong inference fails the build.
describe('handler context inference', () => {
  it('types path parameters from the path template when undeclared', () => {
    new App().get('/users/{userId}/posts/:postId', ({ path }) => {
      expectTypeOf(path).toEqualTypeOf<{ userId: string; postId: string }>()
      return null
    })
  })

  it('types declared TypeBox params, optional keys and defaults', () => {
    new App().get(
      '/items/{id}',
      {
        path: { id: t.Integer() },
        query: { q: t.Optional(t.String()), limit: t.Integer({ default: 10 }), tags: t.Array(t.String()) },
        headers: { xToken: t.String() },
        cookies: { session: t.Optional(t.String()) },
      },
      ({ path, query, headers, cookies, body }) => {
        expectTypeOf(path).toEqualTypeOf<{ id: number }>()
        expectTypeOf(query).toEqualTypeOf<{ limit: number; tags: string[]; q?: string }>()
        expectTypeOf(headers).toEqualTypeOf<{ xToken: string }>()
        expectTypeOf(cookies).toEqualTypeOf<{ session?: string }>()
        expectTypeOf(body).toEqualTypeOf<undefined>()
        return null
      },
    )
  })

  it('types a TypeBox body and a Zod body', () => {
    const app = new App()
    app.post('/a', { body: t.Object({ name: t.String(), price: t.Number() }) }, ({ body }) => {
      expectTypeOf(body).toEqualTypeOf<{ name: string; price: number }>()
      return null
    })
    app.post('/b', { body: z.object({ name: z.string(), n: z.number().optional() }) }, ({ body }) => {
      expectTypeOf(body).toEqualTypeOf<{ name: string; n?: number | undefined }>()
      return null
    })
    app.post('/c', { form: { username: t.String() } }, ({ body }) => {
      expectTypeOf(body).toEqualTypeOf<{ username: string }>()
      return null
    })
  })

  it('checks the return value against the response schema', () => {
    const app = new App()
    app.get('/ok', { response: t.Object({ id: t.Integer() }) }, () => ({ id: 1 }))
    app.get('/also-ok', { response: t.Object({ id: t.Integer() }) }, () => json({ anything: true }))
    app.get(
      '/async',
      { response: t.Object({ id: t.Integer() }) },
      async () => new HTTPResponse(204, {}, null),
    )
    // @ts-expect-error: `id` must be a number
    app.get('/bad', { response: t.Object({ id: t.Integer() }) }, () => ({ id: 'one' }))
  })

  it('types ctx.deps from route, router and app dependencies', () => {
    const db = Depends(async function* () {
      yield { query: (sql: string) => sql.length }
    })
    const user = Depends({ headers: { authorization: t.String() } }, ({ headers }) => ({
      name: headers.authorization,
    }))
    const app = new App({ deps: { db } })
    const router = new Router({ deps: { user } })
    router.get('/me', { deps: { flag: Depends(() => true) } }, ({ deps }) => {
      expectTypeOf(deps).toEqualTypeOf<{ user: { name: string }; flag: boolean }>()
      return null
    })
    app.get('/count', ({ deps }) => {
      expectTypeOf(deps.db.query).toEqualTypeOf<(sql: string) => number>()
      return null
    })
    app.include(router)
  })
})
