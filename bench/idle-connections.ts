/**
 * Memory under many keep-alive connections (issue 16). Each bench server (bench/servers/) gets COUNT
 * connections that each make one `GET /`, and one more once all are open (opening thousands takes
 * seconds, close to a 5 s keep-alive timeout), and then stay open and idle, and its resident memory is read
 * from /proc: `VmRSS` once ready, `VmRSS` while the connections are held, and `VmHWM` (the peak, which
 * includes the burst of opening them). Then a fresh server of the same kind is loaded by wrk with as
 * many connections, every one busy (`GET /` back to back) for BUSY seconds, and its `VmHWM` is read:
 * the peak under load, where the garbage of the requests in flight counts, not only the connections.
 * Servers are interleaved over rounds (A, B, C, A, B, C...) and every figure is the median of its rounds.
 *
 * Run (after `npm run build`): `node bench/idle-connections.ts`. Knobs: IDLE_CONNECTIONS (5000),
 * IDLE_ROUNDS (3), IDLE_SERVERS (node,wharf,fastify), IDLE_HOLD_MS (1000: how long after the last answer
 * the memory is read; keep it well under the servers' keep-alive timeout, 5 s for node:http and Wharf),
 * IDLE_BUSY_SECONDS (5; 0, or wrk missing, skips the busy phase), IDLE_HEAPSNAPSHOT_DIR (a directory:
 * each server writes a heap snapshot there while the idle connections are held, after its memory was
 * read). Bounded: every client gives up after 60 s, every server is killed at the end whatever happens,
 * and the whole run is aborted after 10 minutes.
 */
import { once } from 'node:events'
import { mkdirSync, readdirSync } from 'node:fs'
import { resolve } from 'node:path'
import { setTimeout as delay } from 'node:timers/promises'
import { fileURLToPath } from 'node:url'
import { currentLoad, currentRss, peakRss } from './lib/machine.ts'
import {
  childFileLimit,
  killAll,
  LOAD_CPU,
  launch,
  type RunningBenchServer,
  startServer,
  waitForExit,
} from './lib/processes.ts'
import { median } from './lib/stats.ts'
import { hasWrk, runWrk } from './lib/wrk.ts'

const COUNT = Number(process.env.IDLE_CONNECTIONS ?? 5_000)
const ROUNDS = Number(process.env.IDLE_ROUNDS ?? 3)
const SERVERS = (process.env.IDLE_SERVERS ?? 'node,wharf,fastify').split(',').map((name) => name.trim())
const HOLD_MS = Number(process.env.IDLE_HOLD_MS ?? 1_000)
const BUSY_SECONDS = Number(process.env.IDLE_BUSY_SECONDS ?? 5)
const SNAPSHOT_DIR = process.env.IDLE_HEAPSNAPSHOT_DIR
  ? resolve(process.env.IDLE_HEAPSNAPSHOT_DIR)
  : undefined
/** Connections opening at once: below node's default backlog (511), so no SYN is dropped and retried. */
const BATCH = 200
const RUN_LIMIT_MS = 10 * 60_000
const MiB = 2 ** 20

interface Sample {
  idleRss: number
  heldRss: number
  peakRss: number
  held: number
  failed: number
  closedEarly: number
  openMs: number
  /** VmHWM of a fresh server under COUNT busy connections; NaN when the busy phase is skipped. */
  busyPeakRss: number
  busyErrors: number
}

const clientFile = fileURLToPath(new URL('./lib/idle-client.ts', import.meta.url))

/** Reads the child's stdout until a JSON line with `key` arrives. */
function jsonLine<T>(stream: NodeJS.ReadableStream, key: string): Promise<T> {
  return new Promise((resolvePromise) => {
    let out = ''
    const onData = (chunk: Buffer) => {
      out += chunk.toString()
      const line = out.split('\n').find((candidate) => candidate.includes(`"${key}"`))
      if (!line) return
      stream.off('data', onData)
      resolvePromise(JSON.parse(line) as T)
    }
    stream.on('data', onData)
  })
}

async function waitForSnapshot(dir: string, before: number): Promise<void> {
  for (let waited = 0; waited < 60_000; waited += 250) {
    await delay(250)
    const done = readdirSync(dir).filter((file) => file.endsWith('.heapsnapshot')).length
    if (done > before) return
  }
}

/** The peak RSS of a fresh server while wrk keeps COUNT connections busy for BUSY_SECONDS. */
async function measureBusy(name: string): Promise<{ busyPeakRss: number; busyErrors: number }> {
  const server = await startServer(name)
  try {
    const wrk = await runWrk(`${server.url}/`, COUNT, BUSY_SECONDS)
    return {
      busyPeakRss: peakRss(server.pid) ?? Number.NaN,
      busyErrors: wrk.connect + wrk.read + wrk.write + wrk.timeout + wrk.status,
    }
  } finally {
    await server.stop()
  }
}

async function measure(server: RunningBenchServer): Promise<Omit<Sample, 'busyPeakRss' | 'busyErrors'>> {
  await delay(300)
  const idleRss = currentRss(server.pid) ?? Number.NaN
  const client = launch(
    process.execPath,
    [clientFile, `${server.url}/`, String(COUNT), String(BATCH)],
    LOAD_CPU,
  )
  const exited = once(client, 'exit')
  try {
    const opened = await Promise.race([
      jsonLine<{ held: number; failed: number; openMs: number }>(client.stdout!, 'held'),
      exited.then(() => {
        throw new Error(`idle client exited early (${client.exitCode ?? client.signalCode})`)
      }),
    ])
    await delay(HOLD_MS)
    const heldRss = currentRss(server.pid) ?? Number.NaN
    const peak = peakRss(server.pid) ?? Number.NaN
    if (SNAPSHOT_DIR) {
      const before = readdirSync(SNAPSHOT_DIR).filter((file) => file.endsWith('.heapsnapshot')).length
      process.kill(server.pid, 'SIGUSR2')
      await waitForSnapshot(SNAPSHOT_DIR, before)
    }
    const closing = jsonLine<{ closedEarly: number }>(client.stdout!, 'closedEarly')
    client.kill('SIGTERM')
    const { closedEarly } = await closing
    return { idleRss, heldRss, peakRss: peak, ...opened, closedEarly }
  } finally {
    await waitForExit(client, 5_000)
  }
}

function mib(bytes: number): string {
  return Number.isNaN(bytes) ? '–' : (bytes / MiB).toFixed(1)
}

async function main(): Promise<void> {
  const abort = setTimeout(() => {
    process.stderr.write('idle-connections: aborted after 10 minutes\n')
    killAll()
    process.exit(1)
  }, RUN_LIMIT_MS)
  process.once('exit', killAll)
  if (childFileLimit() < COUNT + 256) {
    throw new Error(`${COUNT} connections need more open files than the hard limit (${childFileLimit()})`)
  }
  if (SNAPSHOT_DIR) mkdirSync(SNAPSHOT_DIR, { recursive: true })
  const nodeArgs = SNAPSHOT_DIR ? ['--heapsnapshot-signal=SIGUSR2', `--diagnostic-dir=${SNAPSHOT_DIR}`] : []
  const busyPhase = BUSY_SECONDS > 0 && hasWrk()
  const samples = new Map(SERVERS.map((name) => [name, [] as Sample[]]))
  const loadBefore = currentLoad()
  for (let round = 0; round < ROUNDS; round++) {
    for (const name of SERVERS) {
      const server = await startServer(name, { nodeArgs })
      let idle: Awaited<ReturnType<typeof measure>>
      try {
        idle = await measure(server)
      } finally {
        await server.stop()
      }
      const busy = busyPhase ? await measureBusy(name) : { busyPeakRss: Number.NaN, busyErrors: 0 }
      const sample = { ...idle, ...busy }
      samples.get(name)!.push(sample)
      process.stderr.write(
        `round ${round + 1} ${name}: idle ${mib(sample.idleRss)} MiB, held ${mib(sample.heldRss)} MiB, ` +
          `peak ${mib(sample.peakRss)} MiB, ${sample.held} held (${sample.failed} failed, ` +
          `${sample.closedEarly} closed early), opened in ${sample.openMs} ms; busy peak ` +
          `${mib(sample.busyPeakRss)} MiB (${sample.busyErrors} wrk errors)\n`,
      )
    }
  }
  clearTimeout(abort)
  const fastify = samples.get('fastify')
  const lines = [
    `${COUNT} keep-alive connections, ${ROUNDS} interleaved rounds, medians; load average ${loadBefore} before, ${currentLoad()} after.`,
    `Idle: one \`GET /\` each, a second once all are open, then held idle ${HOLD_MS} ms. Busy: ${busyPhase ? `wrk, ${COUNT} connections, ${BUSY_SECONDS} s` : 'skipped'}.`,
    '',
    '| server | ready RSS MiB | idle: RSS held MiB | per connection KiB | idle: peak MiB | idle peak ÷ Fastify | busy: peak MiB | busy peak ÷ Fastify | held / failed / closed early |',
    '|---|--:|--:|--:|--:|--:|--:|--:|--:|',
  ]
  for (const [name, rounds] of samples) {
    const pick = (field: keyof Sample) => median(rounds.map((sample) => sample[field]))
    const perConnection =
      median(rounds.map((sample) => (sample.heldRss - sample.idleRss) / sample.held)) / 1024
    const ratio = (field: keyof Sample) =>
      fastify ? (pick(field) / median(fastify.map((sample) => sample[field]))).toFixed(2) : '–'
    lines.push(
      `| ${name} | ${mib(pick('idleRss'))} | ${mib(pick('heldRss'))} | ${perConnection.toFixed(1)} | ` +
        `${mib(pick('peakRss'))} | ${ratio('peakRss')} | ${mib(pick('busyPeakRss'))} | ${ratio('busyPeakRss')} | ` +
        `${pick('held')} / ${pick('failed')} / ${pick('closedEarly')} |`,
    )
  }
  process.stdout.write(`${lines.join('\n')}\n`)
}

await main()
