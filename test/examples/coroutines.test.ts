import { describe, expect, it } from 'vitest'
import { runConcurrently, runSequentially } from '../../examples/seed/coroutines.ts'
import { runExample } from './run-example.ts'

// Timers may fire up to 1 ms early against performance.now(): libuv's loop clock has 1-ms resolution.
const SLACK_MS = 10

const steps = (run: { timeline: { task: string; event: string }[] }) =>
  run.timeline.map(({ task, event }) => `${task} ${event}`)

describe('examples/seed/coroutines.ts', () => {
  it('runs three 1-s tasks together: all start before any ends, and the whole takes under 2 s', async () => {
    const run = await runConcurrently()
    expect(steps(run)).toEqual(['A start', 'B start', 'C start', 'A end', 'B end', 'C end'])
    for (const entry of run.timeline.filter(({ event }) => event === 'end'))
      expect(entry.atMs).toBeGreaterThanOrEqual(1_000 - SLACK_MS)
    expect(run.wallMs).toBeGreaterThanOrEqual(1_000 - SLACK_MS)
    expect(run.wallMs).toBeLessThan(2_000)
  })

  it('awaits the same tasks one after another: each starts when the previous ends, at least 3 s in all', async () => {
    const run = await runSequentially()
    expect(steps(run)).toEqual(['A start', 'A end', 'B start', 'B end', 'C start', 'C end'])
    const ends = run.timeline.filter(({ event }) => event === 'end').map(({ atMs }) => atMs)
    expect(ends[0]).toBeGreaterThanOrEqual(1_000 - SLACK_MS)
    expect(ends[1]).toBeGreaterThanOrEqual(2_000 - SLACK_MS)
    expect(ends[2]).toBeGreaterThanOrEqual(3_000 - SLACK_MS)
    expect(run.wallMs).toBeGreaterThanOrEqual(3_000 - SLACK_MS)
  })

  it('prints the two timelines and their totals when run', async () => {
    const run = await runExample('coroutines.ts')
    expect(run.code).toBe(0)
    const lines = run.stdout.trimEnd().split('\n')
    // Timestamps vary; what each line says, and in which order, does not.
    const words = lines.map((line) =>
      line.replace(/^\d\d:\d\d:\d\d\.\d{3} {2}/, '').replace(/[\d.]+ s$/, 'N s'),
    )
    expect(words).toEqual([
      '-- concurrently: Promise.all([A(), B(), C()])',
      'task A started',
      'task B started',
      'task C started',
      'task A finished',
      'task B finished',
      'task C finished',
      'total N s',
      '-- sequentially: await A(); await B(); await C()',
      'task A started',
      'task A finished',
      'task B started',
      'task B finished',
      'task C started',
      'task C finished',
      'total N s',
    ])
    const totals = lines.filter((line) => line.startsWith('total')).map((line) => Number(line.split(' ')[1]))
    expect(totals[0]).toBeLessThan(2)
    expect(totals[1]).toBeGreaterThanOrEqual(2.99)
  })
})
