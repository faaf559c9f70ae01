import { describe, expect, it } from 'vitest'
import { App, Depends, HTTPException, json, Router, stream, t } from 'wharfjs'
import { TestClient } from 'wharfjs/testing'
import { memoryLogger, sleep } from '../helpers.ts'

/** Waits until `check` holds (teardown runs after the response, on the next turns of the loop). */
async function until(check: () => boolean) {
  for (let i = 0; i < 100 && !check(); i++) await sleep(5)
}

describe('Depends(fn): values, promises and caching', () => {
  it('resolves plain and async functions, and the same dependency once per request', async () => {
    let calls = 0
    const counter = Depends(() => ++calls)
    const twice = Depends({ deps: { a: counter, b: counter } }, ({ deps }) => deps.a + deps.b)
    const later = Depends(async () => {
      await sleep(1)
      return 'later'
    })
    const app = new App({ logger: false })
    app.get('/', { deps: { twice, counter, later } }, ({ deps }) => deps)
    const res = await new TestClient(app).get('/')
    expect(res.json()).toEqual({ twice: 2, counter: 1, later: 'later' })
    expect(calls).toBe(1)
  })

  it('resolves sub-dependencies in declaration order whether each is sync, async or a generator', async () => {
    const order: string[] = []
    const first = Depends(() => {
      order.push('first')
      return 1
    })
    const second = Depends(async () => {
      order.push('second')
      await sleep(1)
      return 2
    })
    const third = Depends(function* third() {
      order.push('third')
      yield 3
      order.push('third closed')
    })
    const fourth = Depends(async function* fourth() {
      order.push('fourth')
      yield 4
      order.push('fourth closed')
    })
    const all = Depends({ deps: { first, second, third, fourth, again: second } }, ({ deps }) => deps)
    const app = new App({ logger: false })
    app.get('/', { deps: { all, second } }, ({ deps }) => deps)
    const res = await new TestClient(app).get('/')
    expect(res.json()).toEqual({ all: { first: 1, second: 2, third: 3, fourth: 4, again: 2 }, second: 2 })
    await until(() => order.length === 6)
    expect(order).toEqual(['first', 'second', 'third', 'fourth', 'fourth closed', 'third closed'])
  })

  it('answers 500 when a synchronous dependency throws, and still tears down the ones opened', async () => {
    let closed = false
    const opened = Depends(function* opened() {
      try {
        yield 'open'
      } finally {
        closed = true
      }
    })
    const broken = Depends(() => {
      throw new Error('boom')
    })
    const app = new App({ logger: memoryLogger().logger })
    app.get('/', { deps: { opened, broken } }, () => 'unreachable')
    const res = await new TestClient(app).get('/')
    expect(res.status).toBe(500)
    expect(res.json()).toEqual({ detail: 'Internal Server Error' })
    await until(() => closed)
    expect(closed).toBe(true)
  })

  it('runs a dependency declared { cache: false } every time it is used', async () => {
    let calls = 0
    const fresh = Depends(() => ++calls, { cache: false })
    const both = Depends({ deps: { a: fresh, b: fresh } }, ({ deps }) => [deps.a, deps.b])
    const app = new App({ logger: false })
    app.get('/', { deps: { both } }, ({ deps }) => deps.both)
    expect((await new TestClient(app).get('/')).json()).toEqual([1, 2])
  })

  it("validates a dependency's params with the route's, in one 422", async () => {
    const paging = Depends({ query: { page: t.Integer({ minimum: 1 }) } }, ({ query }) => query.page)
    const app = new App({ logger: false })
    app.get('/items/{id}', { path: { id: t.Integer() }, deps: { paging } }, ({ path, deps }) => ({
      ...path,
      ...deps,
    }))
    const client = new TestClient(app)
    expect((await client.get('/items/1?page=2')).json()).toEqual({ id: 1, paging: 2 })
    const bad = await client.get('/items/x?page=0')
    expect(bad.json().detail.map((d: { loc: unknown[] }) => d.loc)).toEqual([
      ['path', 'id'],
      ['query', 'page'],
    ])
  })

  it('ends the request early when a dependency throws HTTPException (router guard)', async () => {
    const guard = Depends({ headers: { xKey: t.Optional(t.String()) } }, ({ headers }) => {
      if (headers.xKey !== 'open sesame') throw new HTTPException(403, 'Forbidden')
      return true
    })
    let handled = false
    const admin = new Router({ prefix: '/admin', deps: { guard } })
    admin.get('/stats', () => {
      handled = true
      return { users: 3 }
    })
    const app = new App({ logger: false })
    app.include(admin)
    const client = new TestClient(app)
    const denied = await client.get('/admin/stats')
    expect([denied.status, denied.json(), handled]).toEqual([403, { detail: 'Forbidden' }, false])
    expect((await client.get('/admin/stats', { headers: { 'x-key': 'open sesame' } })).json()).toEqual({
      users: 3,
    })
  })

  it('applies app-level dependencies to every route', async () => {
    const tenant = Depends({ headers: { xTenant: t.String() } }, ({ headers }) => headers.xTenant)
    const app = new App({ logger: false, deps: { tenant } })
    app.get('/', ({ deps }) => ({ tenant: deps.tenant }))
    const client = new TestClient(app)
    expect((await client.get('/', { headers: { 'x-tenant': 'acme' } })).json()).toEqual({ tenant: 'acme' })
    expect((await client.get('/')).status).toBe(422)
  })

  it('reports a dependency cycle when the app is built', () => {
    const a: any = Depends({ deps: {} }, () => 1, { name: 'a' })
    const b = Depends({ deps: { a } }, () => 2, { name: 'b' })
    a.params.deps.b = b
    const app = new App({ logger: false })
    app.get('/', { deps: { b } }, () => null)
    expect(() => app.build()).toThrow('WHARF_DEPENDENCY_CYCLE: GET /: dependency cycle b → a → b')
  })

  it('app.dependencyOverrides replaces a dependency, also after the app was built', async () => {
    const database = Depends(() => 'real database')
    const app = new App({ logger: false })
    app.get('/', { deps: { database } }, ({ deps }) => ({ db: deps.database }))
    const client = new TestClient(app)
    expect((await client.get('/')).json()).toEqual({ db: 'real database' })
    app.dependencyOverrides.set(database, () => 'fake database')
    expect((await client.get('/')).json()).toEqual({ db: 'fake database' })
    app.dependencyOverrides.clear()
    expect((await client.get('/')).json()).toEqual({ db: 'real database' })
  })
})

describe('generator dependencies: teardown', () => {
  it('tears down after the response was sent, in reverse order of setup', async () => {
    const events: string[] = []
    const outer = Depends(async function* outer() {
      events.push('outer setup')
      yield 'o'
      events.push('outer teardown')
    })
    const inner = Depends({ deps: { outer } }, async function* inner() {
      events.push('inner setup')
      yield 'i'
      events.push('inner teardown')
    })
    const app = new App({ logger: false })
    app.get('/', { deps: { inner } }, () => {
      events.push('handler')
      return {}
    })
    const res = await new TestClient(app).get('/')
    events.push(`response ${res.status}`)
    await until(() => events.length === 6)
    expect(events).toEqual([
      'outer setup',
      'inner setup',
      'handler',
      'response 200',
      'inner teardown',
      'outer teardown',
    ])
  })

  it('keeps a request-scoped dependency open while a streamed response is produced', async () => {
    const events: string[] = []
    const session = Depends(async function* session() {
      events.push('open')
      yield { closed: false }
      events.push('close')
    })
    const app = new App({ logger: false })
    app.get('/rows', { deps: { session } }, () =>
      stream(
        (async function* () {
          for (const n of [1, 2]) {
            events.push(`row ${n}`)
            yield `${n}\n`
          }
        })(),
      ),
    )
    await new TestClient(app).get('/rows')
    await until(() => events.includes('close'))
    expect(events).toEqual(['open', 'row 1', 'row 2', 'close'])
  })

  it("tears down a { scope: 'function' } dependency before the response is sent", async () => {
    const events: string[] = []
    const lock = Depends(
      async function* lock() {
        events.push('acquire')
        yield null
        events.push('release')
      },
      { scope: 'function' },
    )
    const app = new App({ logger: false })
    app.get('/', { deps: { lock } }, () => {
      events.push('handler')
      return {}
    })
    await new TestClient(app).get('/')
    events.push('response')
    expect(events).toEqual(['acquire', 'handler', 'release', 'response'])
  })

  it("throws the handler's error into the generator, so it can roll back; the error still answers", async () => {
    const events: string[] = []
    const transaction = Depends(
      async function* transaction() {
        try {
          yield 'tx'
          events.push('commit')
        } catch (error) {
          events.push(`rollback: ${(error as Error).message}`)
          throw error
        }
      },
      { scope: 'function' },
    )
    const app = new App({ logger: false })
    app.post('/orders', { deps: { transaction } }, () => {
      throw new HTTPException(409, 'Out of stock')
    })
    app.post('/ok', { deps: { transaction } }, () => ({ ok: true }))
    const client = new TestClient(app)
    const res = await client.post('/orders')
    expect([res.status, res.json()]).toEqual([409, { detail: 'Out of stock' }])
    await client.post('/ok')
    expect(events).toEqual(['rollback: Out of stock', 'commit'])
  })

  it('lets a teardown turn an error into another one that the exception handlers answer', async () => {
    class Conflict extends Error {}
    const translate = Depends(
      async function* translate() {
        try {
          yield null
        } catch {
          throw new Conflict('translated')
        }
      },
      { scope: 'function' },
    )
    const app = new App({ logger: false })
    app.exceptionHandler(Conflict, (error) => json({ conflict: error.message }, { status: 409 }))
    app.get('/', { deps: { translate } }, () => {
      throw new Error('driver error')
    })
    const res = await new TestClient(app).get('/')
    expect([res.status, res.json()]).toEqual([409, { conflict: 'translated' }])
  })

  it('logs a failing teardown and keeps serving', async () => {
    const { logger, lines } = memoryLogger()
    const flaky = Depends(async function* flaky() {
      yield 1
      throw new Error('close failed')
    })
    const app = new App({ logger })
    app.get('/', { deps: { flaky } }, () => ({ ok: true }))
    const client = new TestClient(app)
    expect((await client.get('/')).status).toBe(200)
    await until(() => lines.some((line) => line.msg === 'Teardown of a dependency failed'))
    const logged = lines.find((line) => line.msg === 'Teardown of a dependency failed')
    expect([logged?.err.message, logged?.dependency]).toEqual(['close failed', 'flaky'])
    expect((await client.get('/')).status).toBe(200)
  })
})

describe("{ scope: 'app' } dependencies", () => {
  it('are created once, shared by requests, and torn down at shutdown', async () => {
    const events: string[] = []
    let created = 0
    const pool = Depends(
      async function* pool() {
        created++
        events.push('pool open')
        yield { id: created }
        events.push('pool closed')
      },
      { scope: 'app' },
    )
    const app = new App({ logger: false })
    app.get('/', { deps: { pool } }, ({ deps }) => deps.pool)
    const client = await new TestClient(app).startup()
    const [a, b] = await Promise.all([client.get('/'), client.get('/')])
    expect([a.json(), b.json(), created]).toEqual([{ id: 1 }, { id: 1 }, 1])
    expect(events).toEqual(['pool open'])
    await client.shutdown()
    expect(events).toEqual(['pool open', 'pool closed'])
  })

  it('cannot read the request (reported at build time)', () => {
    const bad = Depends({ query: { q: t.String() } }, ({ query }) => query.q, { scope: 'app', name: 'bad' })
    const app = new App({ logger: false })
    app.get('/', { deps: { bad } }, () => null)
    expect(() => app.build()).toThrow(
      /WHARF_DEPENDENCY_SCOPE: GET \/: app-scoped dependency "bad" declares request parameters/,
    )
  })
})

describe("{ scope: 'app', startup: true }", () => {
  it('is created at startup, before the first request, and a failure stops startup', async () => {
    const events: string[] = []
    const cache = Depends(
      async function* cache() {
        events.push('cache open')
        yield 'cache'
        events.push('cache closed')
      },
      { scope: 'app', startup: true },
    )
    const app = new App({ logger: false })
    app.get('/', { deps: { cache } }, ({ deps }) => ({ cache: deps.cache }))
    const client = await new TestClient(app).startup()
    expect(events).toEqual(['cache open'])
    expect((await client.get('/')).json()).toEqual({ cache: 'cache' })
    await client.shutdown()
    expect(events).toEqual(['cache open', 'cache closed'])

    const down = Depends(
      () => {
        throw new Error('database is down')
      },
      { scope: 'app', startup: true },
    )
    const broken = new App({ logger: false })
    broken.get('/', { deps: { down } }, () => null)
    await expect(broken.listen({ port: 0 })).rejects.toThrow('database is down')
  })
})
