import { describe, expectTypeOf, it } from 'vitest'
import { App, Depends, type HandlerResult, HTTPResponse, json, Router, t } from 'wharfjs'
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

  it('checks the return value against a per-status response map', () => {
    const app = new App()
    const Item = t.Object({ id: t.Integer() })
    const NotFound = t.Object({ detail: t.String() })
    const statuses = { 200: Item, 404: NotFound } as const
    app.get('/ok', { response: statuses }, () => ({ id: 1 }))
    app.get('/async', { response: { 200: Item, 404: NotFound } }, async () => ({ id: 1 }))
    // A handler may pick another declared status for its plain return value.
    app.get('/gone', { response: statuses }, ({ response }) => {
      response.status = 404
      return { detail: 'gone' }
    })
    app.get('/json', { response: statuses }, () => json({ anything: true }, { status: 418 }))
    app.get('/web', { response: statuses }, async () => new Response('raw'))
    app.post('/zod', { status: 201, response: { 201: z.object({ name: z.string() }) } }, () => ({
      name: 'n',
    }))
    // @ts-expect-error: 42 matches none of the declared statuses
    app.get('/number', { response: statuses }, () => 42)
    // @ts-expect-error: `id` must be a number
    app.get('/field', { response: { 200: Item, 404: NotFound } }, async () => ({ id: 'one' }))
    // @ts-expect-error: a value of an undeclared shape
    app.post('/zod-bad', { response: { 201: z.object({ name: z.string() }) } }, () => ({ title: 'n' }))

    expectTypeOf<HandlerResult<{ response: typeof statuses }>>().toEqualTypeOf<
      { id: number } | { detail: string }
    >()
    expectTypeOf<HandlerResult<{ response: typeof Item }>>().toEqualTypeOf<{ id: number }>()
    expectTypeOf<HandlerResult<{ response: z.ZodObject<{ n: z.ZodNumber }> }>>().toEqualTypeOf<{
      n: number
    }>()
    expectTypeOf<HandlerResult<{ status: 204 }>>().toEqualTypeOf<unknown>()
  })

  it('keeps the literal types of a returned value, as a hand-annotated function does', () => {
    const app = new App()
    const Item = t.Object({ id: t.Integer(), status: t.Union([t.Literal('draft'), t.Literal('live')]) })
    app.get('/sync', { response: Item }, () => ({ id: 1, status: 'live' }))
    app.get('/async/{id}', { path: { id: t.Integer() }, response: Item }, async ({ path }) => ({
      id: path.id,
      status: 'draft',
    }))
    app.get('/branches', { headers: { ifMatch: t.Optional(t.String()) }, response: Item }, ({ headers }) => {
      if (headers.ifMatch === '*') return new HTTPResponse(412, {}, null)
      return { id: 1, status: 'live' }
    })
    app.get('/map', { response: { 200: Item, 404: t.Object({ detail: t.String() }) } }, async () => {
      return { id: 1, status: 'draft' }
    })
    // @ts-expect-error: 'archived' is not one of the schema's literals
    app.get('/bad', { response: Item }, () => ({ id: 1, status: 'archived' }))
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
