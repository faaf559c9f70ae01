/**
 * What the event loop runs when, and what blocking it costs.
 * 1. Inside one I/O callback: synchronous code, then process.nextTick, then promise jobs, then
 *    setImmediate (check phase), then timers and further I/O on later turns of the loop.
 * 2. A server with /ping, /block (CPU-bound work on the event loop) and /offload (the same work on a
 *    worker thread): a ping sent while /block runs waits for it; a ping sent during /offload does not.
 *    The server runs in a child process so the measuring client keeps its own clock.
 * 3. Wharf's blocking detection (`detectBlocking`, on in `wharf dev`) catches /block: it reports the
 *    route whose code held the loop, and for how long; /offload is never reported.
 *
 * Run: npm run build && node examples/seed/event-loop.ts
 */
import { spawn } from 'node:child_process'
import { once } from 'node:events'
import { readFile } from 'node:fs'
import { createInterface } from 'node:readline'
import { App, t } from 'wharfjs'
import { type BlockingReport, detectBlocking } from 'wharfjs/observability'
import { burnCpu, burnCpuInWorker } from './event-loop-worker.ts'

/** The order in which the loop runs callbacks scheduled together from inside an I/O callback. */
export function callbackOrder(): Promise<string[]> {
  return new Promise((resolve) => {
    const order: string[] = []
    const note = (what: string) => {
      order.push(what)
      if (order.length === 7) resolve(order)
    }
    // Scheduling from an I/O callback (the poll phase) makes setImmediate-before-setTimeout certain;
    // from the main script their order would depend on how fast the process started.
    readFile(import.meta.filename, () => {
      note('sync: I/O callback starts')
      setTimeout(() => note('timers phase: setTimeout(0)'), 0)
      setImmediate(() => note('check phase: setImmediate'))
      readFile(import.meta.filename, () => note('poll phase: fs.readFile finished'))
      Promise.resolve().then(() => note('microtask: promise job'))
      process.nextTick(() => note('nextTick queue'))
      note('sync: I/O callback ends')
    })
  })
}

/**
 * The demo server: one cheap route and the same CPU-bound work on the loop and off it, with blocking
 * detection reporting to `onBlocked` (under `wharf dev` the same report is a warning in the log).
 */
export function createCpuApp(
  announce: (line: string) => void = () => {},
  onBlocked: (report: BlockingReport) => void = () => {},
): App {
  const app = new App({ logger: false })
  detectBlocking(app, { threshold: 100, precise: true, onBlocked })
  const work = { query: { ms: t.Integer({ minimum: 1, maximum: 10_000, default: 1_000 }) } }
  app.get('/ping', () => ({ pong: true }))
  app.get('/block', work, ({ query }) => {
    announce('block started')
    return { route: 'block', thread: 'event loop', iterations: burnCpu(query.ms) }
  })
  app.get('/offload', work, async ({ query }) => {
    announce('offload started')
    return { route: 'offload', thread: 'worker', iterations: await burnCpuInWorker(query.ms) }
  })
  return app
}

/** The demo server in a child process, and a way to wait for the lines it prints. */
export interface ServerProcess {
  url: string
  /** What the server printed on stderr (its blocking reports), line by line. */
  stderrLines: string[]
  nextLine(): Promise<string>
  stop(): Promise<void>
}

/** Starts `node event-loop.ts --serve` and waits until it prints the URL it listens on. */
export async function startServerProcess(): Promise<ServerProcess> {
  const child = spawn(process.execPath, [import.meta.filename, '--serve'], {
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  const stderrLines: string[] = []
  createInterface({ input: child.stderr }).on('line', (line) => stderrLines.push(line))
  const lines = createInterface({ input: child.stdout })[Symbol.asyncIterator]()
  const nextLine = async () => {
    const step = await lines.next()
    if (step.done) throw new Error('the server process exited')
    return step.value
  }
  const url = await nextLine()
  return {
    url,
    stderrLines,
    nextLine,
    stop: async () => {
      if (child.exitCode === null) {
        child.kill()
        await once(child, 'exit')
      }
    },
  }
}

/** How a ping fared while `/block` or `/offload` ran: its latency, and which response came first. */
export interface PingDuringWork {
  route: 'block' | 'offload'
  workMs: number
  pingMs: number
  finished: Array<'work' | 'ping'>
}

/** Starts the work, waits until the server says it began, then pings and times both. */
export async function pingDuring(server: ServerProcess, route: PingDuringWork['route'], ms: number) {
  const finished: PingDuringWork['finished'] = []
  const workSent = performance.now()
  const work = fetch(`${server.url}/${route}?ms=${ms}`).then(async (response) => {
    await response.arrayBuffer()
    finished.push('work')
    return performance.now() - workSent
  })
  const started = await server.nextLine()
  if (started !== `${route} started`) throw new Error(`unexpected server line: ${started}`)
  const pingSent = performance.now()
  const ping = fetch(`${server.url}/ping`).then(async (response) => {
    await response.arrayBuffer()
    finished.push('ping')
    return performance.now() - pingSent
  })
  const [workMs, pingMs] = await Promise.all([work, ping])
  return { route, workMs, pingMs, finished } satisfies PingDuringWork
}

if (import.meta.main && process.argv.includes('--serve')) {
  // Child mode: stdout carries the URL, then one line as each piece of work starts; blocking reports
  // go to stderr (shown in the terminal).
  const report = (blocked: BlockingReport) =>
    console.error(`   blocked for ${blocked.blockedMs} ms by ${blocked.method} ${blocked.route}`)
  const server = await createCpuApp((line) => console.log(line), report).listen({
    host: '127.0.0.1',
    port: 0,
  })
  console.log(server.url)
} else if (import.meta.main) {
  console.log('1. callbacks scheduled from inside an I/O callback run in this order:')
  for (const [i, what] of (await callbackOrder()).entries()) console.log(`   ${i + 1}. ${what}`)

  console.log('2. a /ping sent while 1,000 ms of CPU-bound work runs:')
  const server = await startServerProcess()
  try {
    for (const route of ['block', 'offload'] as const) {
      const r = await pingDuring(server, route, 1_000)
      const where = route === 'block' ? 'on the event loop ' : 'on a worker thread'
      console.log(
        `   /${route} (${where}): ping answered in ${r.pingMs.toFixed(0).padStart(4)} ms, work in ${r.workMs.toFixed(0)} ms, finished first: ${r.finished[0]}`,
      )
    }
  } finally {
    await server.stop()
  }
  console.log("3. Wharf's blocking detection reported (detectBlocking; a warning in `wharf dev`):")
  for (const line of server.stderrLines) console.log(line)
}
