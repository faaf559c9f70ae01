import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { BlockingReport } from 'wharfjs/observability'
import { TestClient } from 'wharfjs/testing'
import {
  callbackOrder,
  createCpuApp,
  pingDuring,
  type ServerProcess,
  startServerProcess,
} from '../../examples/seed/event-loop.ts'
import { burnCpu, burnCpuInWorker } from '../../examples/seed/event-loop-worker.ts'

describe('examples/seed/event-loop.ts', () => {
  it('runs sync code, then nextTick, then promise jobs, then setImmediate, then timers and I/O', async () => {
    const order = await callbackOrder()
    expect(order.slice(0, 5)).toEqual([
      'sync: I/O callback starts',
      'sync: I/O callback ends',
      'nextTick queue',
      'microtask: promise job',
      'check phase: setImmediate',
    ])
    // Whether the 1-ms timer or the file read is ready first depends on the disk and the thread pool.
    expect(order.slice(5).sort()).toEqual(['poll phase: fs.readFile finished', 'timers phase: setTimeout(0)'])
  })

  it('burnCpu(ms) keeps the thread busy for at least ms, never yielding to the loop', async () => {
    let timerRan = false
    setTimeout(() => (timerRan = true), 0)
    const started = performance.now()
    expect(burnCpu(50)).toBeGreaterThan(0)
    expect(performance.now() - started).toBeGreaterThanOrEqual(50)
    expect(timerRan).toBe(false)
    await new Promise((resolve) => setTimeout(resolve, 0))
    expect(timerRan).toBe(true)
  })

  it('burnCpuInWorker(ms) runs the work on another thread while this loop keeps running timers', async () => {
    let ticks = 0
    const ticker = setInterval(() => ticks++, 10)
    try {
      const iterations = await burnCpuInWorker(300)
      expect(iterations).toBeGreaterThan(0)
      expect(ticks).toBeGreaterThan(0)
    } finally {
      clearInterval(ticker)
    }
  })

  it('serves /ping, /block and /offload with the documented bodies', async () => {
    const announced: string[] = []
    const client = new TestClient(createCpuApp((line) => announced.push(line)))
    expect((await client.get('/ping')).json()).toEqual({ pong: true })
    const blocked = (await client.get('/block', { query: { ms: 20 } })).json()
    expect(blocked).toEqual({ route: 'block', thread: 'event loop', iterations: expect.any(Number) })
    const offloaded = (await client.get('/offload', { query: { ms: 20 } })).json()
    expect(offloaded).toEqual({ route: 'offload', thread: 'worker', iterations: expect.any(Number) })
    expect(announced).toEqual(['block started', 'offload started'])
    expect((await client.get('/block', { query: { ms: 0 } })).status).toBe(422)
  })

  it('blocking detection names /block, whose code held the loop, and never /offload', async () => {
    const reports: BlockingReport[] = []
    const client = new TestClient(createCpuApp(undefined, (report) => reports.push(report)))
    expect((await client.get('/offload', { query: { ms: 300 } })).status).toBe(200)
    expect((await client.get('/block', { query: { ms: 300 } })).status).toBe(200)
    // Reports are logged a turn of the loop after the block ends.
    await new Promise((resolve) => setImmediate(() => setImmediate(resolve)))
    const aboutRoutes = reports.filter((report) => report.route !== undefined)
    expect(aboutRoutes).toEqual([
      { blockedMs: expect.any(Number), attributed: true, method: 'GET', route: '/block' },
    ])
    expect(aboutRoutes[0]!.blockedMs).toBeGreaterThanOrEqual(300)
  })

  describe('a ping sent while 1,000 ms of CPU-bound work runs (server in a child process)', () => {
    let server: ServerProcess
    beforeAll(async () => {
      server = await startServerProcess()
    })
    afterAll(() => server.stop())

    it('waits for /block: the event loop cannot answer until the work ends', async () => {
      const result = await pingDuring(server, 'block', 1_000)
      expect(result.finished).toEqual(['work', 'ping'])
      // The ping was sent after the work began, so it waited for most of its 1,000 ms.
      expect(result.pingMs).toBeGreaterThanOrEqual(500)
    })

    it('does not wait for /offload: the work runs on a worker thread', async () => {
      const result = await pingDuring(server, 'offload', 1_000)
      expect(result.finished).toEqual(['ping', 'work'])
      expect(result.pingMs).toBeLessThan(result.workMs)
    })
  })
})
