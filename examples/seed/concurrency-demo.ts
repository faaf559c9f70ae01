/**
 * The document's central claim, measured: 1,000 concurrent requests to a handler that sleeps 1 s finish
 * in about 1 s of wall time, not 1,000 s, because one event loop waits for all the sleeps at once.
 * Starts `sleep-server.ts` in its own process on a free port (or targets `--url`), fires the requests
 * from this one, and prints the wall time and the latency spread.
 *
 * Run: npm run build && node examples/seed/concurrency-demo.ts [--count 1000] [--url http://127.0.0.1:8080/]
 */
import { spawn } from 'node:child_process'
import { once } from 'node:events'
import { createInterface } from 'node:readline'
import { fileURLToPath } from 'node:url'
import { parseArgs } from 'node:util'
import { Agent, request } from 'undici'
import { IO_DELAY_MS } from './sleep-server.ts'

/** What the clients saw. Latencies are in ms, sorted ascending. */
export interface ConcurrencyReport {
  count: number
  statuses: Record<number, number>
  bodies: Set<string>
  wallMs: number
  latenciesMs: number[]
}

/** Sends `count` GETs to `url` all at once, one connection each, and waits for every answer. */
export async function fireConcurrently(url: string, count: number): Promise<ConcurrencyReport> {
  // One connection per request: HTTP/1.1 answers one request at a time per connection, so anything
  // fewer would queue requests on the client side and hide the server's concurrency.
  const agent = new Agent({ connections: count, pipelining: 1 })
  const statuses: Record<number, number> = {}
  const bodies = new Set<string>()
  const started = performance.now()
  try {
    const latenciesMs = await Promise.all(
      Array.from({ length: count }, async () => {
        const sent = performance.now()
        const response = await request(url, { dispatcher: agent })
        bodies.add(await response.body.text())
        statuses[response.statusCode] = (statuses[response.statusCode] ?? 0) + 1
        return performance.now() - sent
      }),
    )
    const wallMs = performance.now() - started
    return { count, statuses, bodies, wallMs, latenciesMs: latenciesMs.sort((a, b) => a - b) }
  } finally {
    await agent.close()
  }
}

/** The latency at quantile `q` (0..1) of an ascending list. */
export function percentile(sorted: number[], q: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? Number.NaN
}

function printReport(report: ConcurrencyReport): void {
  const s = (ms: number) => `${(ms / 1000).toFixed(3)} s`
  const lat = report.latenciesMs
  console.log(`requests:   ${report.count} concurrent, each handler sleeping ${IO_DELAY_MS} ms`)
  console.log(`statuses:   ${JSON.stringify(report.statuses)}`)
  console.log(`bodies:     ${[...report.bodies].join(' | ')}`)
  console.log(
    `wall time:  ${s(report.wallMs)}  (one after another it would be ${report.count * (IO_DELAY_MS / 1000)} s)`,
  )
  console.log(
    `latency:    min ${s(lat[0] ?? Number.NaN)}  p50 ${s(percentile(lat, 0.5))}  p99 ${s(percentile(lat, 0.99))}  max ${s(lat.at(-1) ?? Number.NaN)}`,
  )
}

/**
 * Runs `node sleep-server.ts` on a free port, as a separate program like the document's server, so the
 * clients' work and the server's run on their own threads. Resolves with its URL and a way to stop it.
 */
export async function startSleepServer(): Promise<{ url: string; stop(): Promise<void> }> {
  const serverFile = fileURLToPath(new URL('./sleep-server.ts', import.meta.url))
  const child = spawn(process.execPath, [serverFile], {
    env: { ...process.env, PORT: '0' },
    stdio: ['ignore', 'pipe', 'inherit'],
  })
  const firstLine = await new Promise<string>((resolve, reject) => {
    createInterface({ input: child.stdout }).once('line', resolve)
    child.once('exit', (code) => reject(new Error(`sleep-server.ts exited with code ${code}`)))
  })
  const url = firstLine.match(/on (http:\/\/\S+):/)?.[1]
  if (!url) throw new Error(`unexpected first line from sleep-server.ts: ${firstLine}`)
  return {
    url,
    stop: async () => {
      if (child.exitCode !== null) return
      child.kill()
      await once(child, 'exit')
    },
  }
}

if (import.meta.main) {
  const { values } = parseArgs({
    options: { count: { type: 'string', default: '1000' }, url: { type: 'string' } },
  })
  const count = Number(values.count)
  const server = values.url ? undefined : await startSleepServer()
  try {
    printReport(await fireConcurrently(values.url ?? `${server!.url}/`, count))
  } finally {
    await server?.stop()
  }
}
