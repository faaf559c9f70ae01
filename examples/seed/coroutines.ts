/**
 * Coroutines on one event loop: three tasks that each await 1 s, started together, finish together
 * after about 1 s; the same three awaited one after another take about 3 s. The timestamps show it,
 * as in the design document's asyncio example.
 *
 * Run: node examples/seed/coroutines.ts
 */
import { setTimeout as sleep } from 'node:timers/promises'

/** One line of the timeline: which task did what, and when (ms since the run started). */
export interface TimelineEntry {
  task: string
  event: 'start' | 'end'
  atMs: number
}

/** A run's timeline and its total wall time in ms. */
export interface Run {
  timeline: TimelineEntry[]
  wallMs: number
}

const TASKS = ['A', 'B', 'C']
const TASK_MS = 1_000

function clock(): string {
  return new Date().toISOString().slice(11, 23)
}

/** A coroutine: runs until its `await`, lets the loop run others during the sleep, then resumes. */
async function task(name: string, record: Recorder): Promise<void> {
  record(name, 'start')
  await sleep(TASK_MS)
  record(name, 'end')
}

type Recorder = (task: string, event: TimelineEntry['event']) => void

function recorder(started: number, timeline: TimelineEntry[], print: boolean): Recorder {
  return (name, event) => {
    timeline.push({ task: name, event, atMs: performance.now() - started })
    if (print) console.log(`${clock()}  task ${name} ${event === 'start' ? 'started' : 'finished'}`)
  }
}

/** Starts every task, then waits for all (asyncio.gather). */
export async function runConcurrently(print = false): Promise<Run> {
  const timeline: TimelineEntry[] = []
  const started = performance.now()
  const record = recorder(started, timeline, print)
  await Promise.all(TASKS.map((name) => task(name, record)))
  return { timeline, wallMs: performance.now() - started }
}

/** Awaits each task before starting the next. */
export async function runSequentially(print = false): Promise<Run> {
  const timeline: TimelineEntry[] = []
  const started = performance.now()
  const record = recorder(started, timeline, print)
  for (const name of TASKS) await task(name, record)
  return { timeline, wallMs: performance.now() - started }
}

if (import.meta.main) {
  console.log('-- concurrently: Promise.all([A(), B(), C()])')
  const together = await runConcurrently(true)
  console.log(`total ${(together.wallMs / 1000).toFixed(3)} s`)
  console.log('-- sequentially: await A(); await B(); await C()')
  const oneByOne = await runSequentially(true)
  console.log(`total ${(oneByOne.wallMs / 1000).toFixed(3)} s`)
}
