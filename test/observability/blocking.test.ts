import { afterEach, describe, expect, it, vi } from 'vitest'
import { App } from 'wharfjs'
import { BLOCKING_HINT, type BlockingReport, detectBlocking, enableMetrics } from 'wharfjs/observability'
import { TestClient } from 'wharfjs/testing'
import { burn, capturedLogger, loopTurns } from './log-capture.ts'

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

function blockingApp(threshold = 50, precise = true) {
  const { logger, records } = capturedLogger()
  const app = new App({ logger })
  const reports: BlockingReport[] = []
  enableMetrics(app, { runtime: false })
  detectBlocking(app, { threshold, precise, onBlocked: (report) => reports.push(report) })
  app.get('/sync-block', () => {
    burn(120)
    return { done: true }
  })
  app.get('/items/{id}/slow', async () => {
    await sleep(5)
    burn(120)
    return { done: true }
  })
  app.get('/fast', async () => {
    await sleep(5)
    return { fast: true }
  })
  return { app, records, reports }
}

// On a busy machine a block outside any request (GC, the test runner) may be reported too: the
// assertions are about the routes' own blocks.
const warnings = (records: Record<string, any>[]) =>
  records.filter((record) => record.event === 'event-loop-blocked' && record.route !== undefined)
// And with precise timing on, a stall the timer saw while a request ran (the machine's, not the
// route's) is reported "while … was running": the routes' blocks are the attributed ones.
const attributed = (records: Record<string, any>[]) =>
  warnings(records).filter((record) => record.attributed === true)

describe('detectBlocking', () => {
  let stop: (() => Promise<void>) | undefined
  afterEach(async () => {
    await stop?.()
    stop = undefined
  })

  // First in the file: the precise timing it turns on lasts a minute, process-wide.
  it('by default, a timer sees the block, names the request that was running, then times every callback', async () => {
    const { app, records, reports } = blockingApp(50, false)
    const server = await app.listen({ port: 0, requestId: true })
    stop = () => server.close()
    const blocked = async (id: string) => {
      const response = await fetch(`${server.url}/sync-block`, { headers: { 'x-request-id': id } })
      expect(await response.json()).toEqual({ done: true })
      // The timer notices on its next tick (bounded wait: a loaded machine delays ticks).
      await vi.waitFor(() => expect(warnings(records).some((record) => record.reqId === id)).toBe(true), {
        timeout: 5_000,
        interval: 20,
      })
    }
    await blocked('req-1')
    const [first] = warnings(records)
    expect(first).toMatchObject({
      level: 40,
      event: 'event-loop-blocked',
      attributed: false,
      method: 'GET',
      route: '/sync-block',
      reqId: 'req-1',
    })
    expect(first!.blockedMs).toBeGreaterThanOrEqual(50)
    expect(first!.msg).toBe(
      `Event loop blocked for ${first!.blockedMs} ms while GET /sync-block (request req-1) was running: ${BLOCKING_HINT}`,
    )
    await blocked('req-2')
    const second = attributed(records).find((record) => record.reqId === 'req-2')
    expect(second).toMatchObject({ attributed: true, method: 'GET', route: '/sync-block', reqId: 'req-2' })
    expect(second!.blockedMs).toBeGreaterThanOrEqual(120)
    expect(second!.msg).toBe(
      `Event loop blocked for ${second!.blockedMs} ms by GET /sync-block (request req-2): await the I/O instead of blocking on it, or move CPU-bound work to a worker thread (docs/async-io.md)`,
    )
    // onBlocked gets each logged report.
    expect(reports).toContainEqual({
      blockedMs: first!.blockedMs,
      attributed: false,
      method: 'GET',
      route: '/sync-block',
      reqId: 'req-1',
    })
    expect(reports).toContainEqual({
      blockedMs: second!.blockedMs,
      attributed: true,
      method: 'GET',
      route: '/sync-block',
      reqId: 'req-2',
    })
  })

  it('names the route when the blocking code runs after an await, by its template', async () => {
    const { app, records } = blockingApp()
    const client = new TestClient(app)
    expect((await client.get('/items/7/slow')).json()).toEqual({ done: true })
    await loopTurns()
    expect(attributed(records)).toMatchObject([{ method: 'GET', route: '/items/{id}/slow' }])
  })

  it('stays quiet for routes that await their I/O', async () => {
    const { app, records } = blockingApp()
    const client = new TestClient(app)
    for (let i = 0; i < 5; i++) expect((await client.get('/fast')).json()).toEqual({ fast: true })
    await loopTurns()
    // (A block outside any request, a busy machine's GC say, would not name the route.)
    expect(attributed(records).filter((record) => record.route === '/fast')).toEqual([])
  })

  it('counts blocks per route in the metrics', async () => {
    const { app, reports } = blockingApp()
    const client = new TestClient(app)
    await client.get('/sync-block')
    await client.get('/sync-block')
    await loopTurns()
    const ours = reports.filter((report) => report.route === '/sync-block')
    expect(ours.filter((report) => report.attributed)).toHaveLength(2)
    const text = (await client.get('/metrics')).text
    expect(text).toContain(`wharf_event_loop_blocks_total{method="GET",route="/sync-block"} ${ours.length}\n`)
    expect(text).toMatch(/wharf_event_loop_blocked_seconds_total\{method="GET",route="\/sync-block"\} 0\.\d+/)
  })

  it('honours the threshold', async () => {
    const { app, records } = blockingApp(1_000)
    const client = new TestClient(app)
    await client.get('/sync-block')
    await loopTurns()
    expect(attributed(records)).toEqual([])
  })
})
