import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { RunningServer } from 'wharfjs'
import { createSleepApp, IO_DELAY_MS } from '../../examples/seed/sleep-server.ts'

// Timers may fire up to 1 ms early against performance.now(): libuv's loop clock has 1-ms resolution.
const TIMER_SLACK_MS = 10

describe('examples/seed/sleep-server.ts', () => {
  let server: RunningServer
  beforeAll(async () => {
    server = await createSleepApp().listen({ host: '127.0.0.1', port: 0 })
  })
  afterAll(() => server.close())

  it('answers {"Hello":"World"} after awaiting one second of simulated I/O', async () => {
    const sent = performance.now()
    const response = await fetch(`${server.url}/`)
    const body = await response.text()
    const elapsed = performance.now() - sent
    expect(IO_DELAY_MS).toBe(1_000)
    expect(response.status).toBe(200)
    expect(response.headers.get('content-type')).toBe('application/json')
    expect(body).toBe('{"Hello":"World"}')
    expect(elapsed).toBeGreaterThanOrEqual(IO_DELAY_MS - TIMER_SLACK_MS)
  })

  it('takes the delay from the factory, so each app sleeps its own amount', async () => {
    const quick = await createSleepApp(50).listen({ host: '127.0.0.1', port: 0 })
    try {
      const sent = performance.now()
      const response = await fetch(`${quick.url}/`)
      expect(await response.json()).toEqual({ Hello: 'World' })
      expect(performance.now() - sent).toBeGreaterThanOrEqual(50 - TIMER_SLACK_MS)
    } finally {
      await quick.close()
    }
  })
})
