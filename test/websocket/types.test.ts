import { describe, expectTypeOf, it } from 'vitest'
import { App, Depends, Router, t, type WebSocket } from 'wharfjs'

// Checked by tsc over test/: a wrong inference fails the build.
describe('WebSocket handler context inference', () => {
  it('types path parameters from the template when undeclared, and the socket', () => {
    new App().websocket('/rooms/{room}', ({ path, ws, query }) => {
      expectTypeOf(path).toEqualTypeOf<{ room: string }>()
      expectTypeOf(query).toEqualTypeOf<{}>()
      expectTypeOf(ws).toEqualTypeOf<WebSocket>()
    })
  })

  it('types declared params and dependencies, inherited ones included', () => {
    const user = Depends(() => ({ name: 'alice' }))
    const db = Depends(() => 42)
    const router = new Router({ deps: { db } })
    router.websocket(
      '/items/{id}',
      {
        path: { id: t.Integer() },
        query: { limit: t.Integer({ default: 10 }), q: t.Optional(t.String()) },
        headers: { xToken: t.String() },
        cookies: { session: t.Optional(t.String()) },
        deps: { user },
        maxMessageSize: 1024,
      },
      async ({ path, query, headers, cookies, deps, ws }) => {
        expectTypeOf(path).toEqualTypeOf<{ id: number }>()
        expectTypeOf(query).toEqualTypeOf<{ limit: number; q?: string }>()
        expectTypeOf(headers).toEqualTypeOf<{ xToken: string }>()
        expectTypeOf(cookies).toEqualTypeOf<{ session?: string }>()
        expectTypeOf(deps).toEqualTypeOf<{ db: number; user: { name: string } }>()
        expectTypeOf(ws.receiveText).returns.toEqualTypeOf<Promise<string>>()
        expectTypeOf(ws.receiveBytes).returns.toEqualTypeOf<Promise<Buffer>>()
        expectTypeOf(ws.receiveJson<{ n: number }>).returns.toEqualTypeOf<Promise<{ n: number }>>()
      },
    )
  })

  it('has no body on a WebSocket context, and refuses a body option', () => {
    new App().websocket('/ws', (ctx) => {
      expectTypeOf(ctx).not.toHaveProperty('body')
    })
    // @ts-expect-error: a WebSocket handshake has no body to validate
    new App().websocket('/ws', { body: t.String() }, () => {})
  })
})
