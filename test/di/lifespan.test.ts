import { request as httpRequest } from 'node:http'
import { describe, expect, it } from 'vitest'
import { App, Depends, Router } from 'wharfjs'
import { TestClient } from 'wharfjs/testing'
import { memoryLogger, sleep } from '../helpers.ts'

async function until(check: () => boolean) {
  for (let i = 0; i < 200 && !check(); i++) await sleep(5)
}

describe('new App({ lifespan })', () => {
  it("runs the app's lifespan, then routers' in include order, and shuts down in reverse", async () => {
    const events: string[] = []
    const span = (name: string) =>
      async function* () {
        events.push(`${name} start`)
        yield
        events.push(`${name} stop`)
      }
    const app = new App({ logger: false, lifespan: span('app'), state: { ready: false } })
    app.include(new Router({ lifespan: span('users') }))
    app.include(new Router({ lifespan: span('items') }))
    app.get('/', (ctx) => ({ state: ctx.app.state }))
    const server = await app.listen({ port: 0 })
    expect(events).toEqual(['app start', 'users start', 'items start'])
    await server.close()
    expect(events).toEqual([
      'app start',
      'users start',
      'items start',
      'items stop',
      'users stop',
      'app stop',
    ])
  })

  it('types and shares app.state', async () => {
    const app = new App({
      logger: false,
      state: { hits: 0 },
      lifespan: async function* (app) {
        app.state.hits = 100
        yield
      },
    })
    app.get('/', () => ({ hits: ++app.state.hits }))
    const client = await new TestClient(app).startup()
    expect((await client.get('/')).json()).toEqual({ hits: 101 })
    await client.shutdown()
  })

  it('does not listen when startup fails, and stops what had started', async () => {
    const events: string[] = []
    const app = new App({
      logger: false,
      lifespan: async function* () {
        events.push('app start')
        yield
        events.push('app stop')
      },
    })
    app.include(
      new Router({
        // biome-ignore lint/correctness/useYield: a lifespan that fails before yielding is the case under test
        lifespan: async function* () {
          throw new Error('database unreachable')
        },
      }),
    )
    await expect(app.listen({ port: 0 })).rejects.toThrow('database unreachable')
    expect(events).toEqual(['app start', 'app stop'])
  })
})

describe('ctx.background.add(fn, ...args)', () => {
  it('runs after the response was sent, in order, logging failures', async () => {
    const { logger, lines } = memoryLogger()
    const events: string[] = []
    const app = new App({ logger })
    app.post('/signup', (ctx) => {
      ctx.background.add((email: string) => {
        events.push(`welcome ${email}`)
      }, 'ann@example.com')
      ctx.background.add(async function failing() {
        throw new Error('smtp down')
      })
      ctx.background.add(() => {
        events.push('audit')
      })
      events.push('handler')
      return { ok: true }
    })
    const res = await new TestClient(app).post('/signup')
    events.push(`response ${res.status}`)
    await until(() => events.length === 4)
    expect(events).toEqual(['handler', 'response 200', 'welcome ann@example.com', 'audit'])
    const failure = lines.find((line) => line.msg === 'A background task failed')
    expect([failure?.task, failure?.err.message]).toEqual(['failing', 'smtp down'])
  })

  it('is awaited by shutdown', async () => {
    let finished = false
    const app = new App({ logger: false })
    app.get('/', (ctx) => {
      ctx.background.add(async () => {
        await sleep(200)
        finished = true
      })
      return {}
    })
    const server = await app.listen({ port: 0 })
    expect((await fetch(`${server.url}/`)).status).toBe(200)
    await server.close()
    expect(finished).toBe(true)
  })
})

describe('client disconnect', () => {
  it('tears dependencies down, in reverse order, when the client leaves mid-request', async () => {
    const events: string[] = []
    const connection = Depends(async function* connection() {
      events.push('connection open')
      yield null
      events.push('connection closed')
    })
    const session = Depends({ deps: { connection } }, async function* session() {
      events.push('session open')
      yield null
      events.push('session closed')
    })
    const app = new App({ logger: false })
    app.get('/slow', { deps: { session } }, async ({ signal }) => {
      await new Promise((resolve) => signal.addEventListener('abort', resolve))
      events.push('handler saw abort')
      return {}
    })
    const server = await app.listen({ port: 0 })
    const req = httpRequest(`${server.url}/slow`)
    req.on('error', () => {})
    req.end()
    await until(() => events.includes('session open'))
    req.destroy()
    await until(() => events.includes('connection closed'))
    expect(events).toEqual([
      'connection open',
      'session open',
      'handler saw abort',
      'session closed',
      'connection closed',
    ])
    await server.close()
  })
})
