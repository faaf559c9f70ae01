import { describe, expect, it } from 'vitest'
import { App } from 'wharfjs'

describe('app.fetch starts the app on its first request', () => {
  it('runs the lifespan once for concurrent first requests, before any of them is handled', async () => {
    const events: string[] = []
    const app = new App({
      logger: false,
      lifespan: async function* () {
        events.push('startup')
        await new Promise((resolve) => setTimeout(resolve, 20))
        events.push('started')
        yield
        events.push('shutdown')
      },
    })
    app.get('/', () => {
      events.push('request')
      return { ok: true }
    })
    const replies = await Promise.all(
      Array.from({ length: 5 }, () => app.fetch(new Request('http://wharf.test/'))),
    )
    expect(replies.map((reply) => reply.status)).toEqual([200, 200, 200, 200, 200])
    expect(events).toEqual(['startup', 'started', 'request', 'request', 'request', 'request', 'request'])
    await app.shutdown()
    expect(events.at(-1)).toBe('shutdown')
  })

  it('answers 500 and logs when startup fails, without handling the request', async () => {
    const logged: unknown[] = []
    const app = new App({
      logger: { level: 'error', hooks: { logMethod: (args) => void logged.push(args[1] ?? args[0]) } },
      lifespan: async function* () {
        await Promise.reject(new Error('database unreachable'))
        yield
      },
    })
    let handled = false
    app.get('/', () => {
      handled = true
      return { ok: true }
    })
    const reply = await app.fetch(new Request('http://wharf.test/'))
    expect([reply.status, await reply.json()]).toEqual([500, { detail: 'Internal Server Error' }])
    expect(handled).toBe(false)
    expect(logged).toContain('The app failed to start; answering 500')
  })
})
