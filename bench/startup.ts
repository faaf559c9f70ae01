/**
 * Startup time: from spawning the process to the first successful `GET /` ({"Hello":"World"}), the
 * median of 10 cold starts each: the one-route hello app served by `wharf run` (the CLI, as
 * deployed), the same app in Fastify, Express and raw node:http, and Wharf's demo app (typed routes,
 * response schemas, metrics, uploads, a WebSocket: what a real service loads) by `wharf run` and by
 * `app.listen()` directly. Serverless platforms bill and scale on this number.
 *
 * Run: `npm run build && node bench/startup.ts [runs]`. Prints a table and writes bench/STARTUP.md.
 */
import { spawn } from 'node:child_process'
import { readFileSync, writeFileSync } from 'node:fs'
import { request } from 'node:http'
import { createServer } from 'node:net'
import { availableParallelism, cpus } from 'node:os'
import { fileURLToPath } from 'node:url'

const RUNS = Number(process.argv[2] ?? 10)
const EXPECTED = '{"Hello":"World"}'
const POLL_MS = 2
const GIVE_UP_MS = 20_000
const here = (path: string) => fileURLToPath(new URL(path, import.meta.url))
/** Linux's USER_HZ: /proc reports CPU time in ticks of 1/100 s. */
const CLOCK_TICKS = 100

interface Contender {
  name: string
  args: (port: number) => string[]
}

/** `wharf run FILE` on 127.0.0.1:port, logging warnings only. */
const wharfRun = (file: string) => (port: number) => [
  here('../bin/wharf.js'),
  'run',
  here(file),
  '--host',
  '127.0.0.1',
  '--port',
  String(port),
  '--log-level',
  'warn',
]

const contenders: Contender[] = [
  { name: 'Wharf hello (`wharf run`)', args: wharfRun('startup/wharf-hello.ts') },
  { name: 'Wharf demo (`wharf run`)', args: wharfRun('../examples/seed/app.ts') },
  { name: 'Wharf demo (`app.listen()`)', args: () => [here('../examples/seed/app.ts')] },
  { name: 'Fastify', args: () => [here('startup/fastify-hello.ts')] },
  { name: 'Express', args: () => [here('startup/express-hello.ts')] },
  { name: 'node:http', args: () => [here('startup/node-hello.ts')] },
]

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number }
      server.close(() => resolve(port))
    })
    server.on('error', reject)
  })
}

function answersHello(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const req = request({ host: '127.0.0.1', port, path: '/', agent: false }, (res) => {
      let body = ''
      res.on('data', (chunk) => (body += chunk))
      res.on('end', () => resolve(res.statusCode === 200 && body === EXPECTED))
    })
    req.on('error', () => resolve(false))
    req.end()
  })
}

/** One cold start: wall ms until the first correct answer, and the CPU ms the process had used by then. */
interface Start {
  wall: number
  /** utime + stime from /proc (Linux; undefined elsewhere): steadier than wall time on a busy machine. */
  cpu: number | undefined
}

/** CPU time (user + system, all threads) a live process has used so far, in ms; undefined off Linux. */
function cpuMs(pid: number | undefined): number | undefined {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ')
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / CLOCK_TICKS
  } catch {
    return undefined
  }
}

/** Spawns one cold process and measures it until it first answers GET / correctly. */
async function coldStart(contender: Contender): Promise<Start> {
  const port = await freePort()
  const started = performance.now()
  const child = spawn(process.execPath, contender.args(port), {
    env: { ...process.env, PORT: String(port), HOST: '127.0.0.1', WHARF_LOG_LEVEL: 'warn' },
    stdio: 'ignore',
  })
  try {
    for (;;) {
      if (await answersHello(port)) return { wall: performance.now() - started, cpu: cpuMs(child.pid) }
      if (child.exitCode !== null) throw new Error(`${contender.name} exited with code ${child.exitCode}`)
      if (performance.now() - started > GIVE_UP_MS) throw new Error(`${contender.name} never answered`)
      await new Promise((resolve) => setTimeout(resolve, POLL_MS))
    }
  } finally {
    child.kill('SIGKILL')
    await new Promise((resolve) => child.once('exit', resolve))
  }
}

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b)
  const middle = sorted.length >> 1
  return sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2
}

// Contenders take turns, run after run, so that load from elsewhere on the machine spreads evenly.
const starts = new Map<Contender, Start[]>(contenders.map((contender) => [contender, []]))
for (const contender of contenders) await coldStart(contender) // warm the OS file cache once; not counted
for (let run = 0; run < RUNS; run++) {
  for (const contender of contenders) starts.get(contender)!.push(await coldStart(contender))
}
const rows = contenders.map((contender) => {
  const measured = starts.get(contender)!
  const walls = measured.map((start) => start.wall)
  const cpus = measured.flatMap((start) => (start.cpu === undefined ? [] : [start.cpu]))
  return {
    name: contender.name,
    median: median(walls),
    min: Math.min(...walls),
    max: Math.max(...walls),
    cpu: cpus.length === measured.length ? median(cpus) : undefined,
  }
})
for (const row of rows) console.log(`${row.name}: median ${row.median.toFixed(0)} ms`)

const fastify = rows.find((row) => row.name === 'Fastify')!
const ratio = (value: number | undefined, of: number | undefined) =>
  value === undefined || of === undefined ? 'n/a' : `${(value / of).toFixed(2)}×`
const table = [
  '| server | median (ms) | min | max | vs Fastify | CPU ms (median) | CPU vs Fastify |',
  '| --- | ---: | ---: | ---: | ---: | ---: | ---: |',
  ...rows.map(
    (row) =>
      `| ${row.name} | ${row.median.toFixed(0)} | ${row.min.toFixed(0)} | ${row.max.toFixed(0)} | ${ratio(row.median, fastify.median)} | ${row.cpu?.toFixed(0) ?? 'n/a'} | ${ratio(row.cpu, fastify.cpu)} |`,
  ),
].join('\n')
const report = `# Startup time

Process spawn → first \`GET /\` answering \`{"Hello":"World"}\`, median of ${RUNS} cold starts (after one
uncounted start to warm the file cache; contenders take turns), polled every ${POLL_MS} ms. Node ${process.versions.node},
${cpus()[0]?.model ?? 'unknown CPU'} × ${availableParallelism()}. Produced by \`node bench/startup.ts\`.
"hello" is the same one-route app in every framework; "demo" is Wharf's demo app (examples/seed:
typed routes with response schemas, metrics, uploads, a WebSocket), a fuller service than Fastify's hello.
"CPU ms" is the user + system time the process had used when it first answered (all its threads, so
more than the wall time of a quiet machine): on a shared, busy machine it moves far less than wall
time. \`wharf run\` turns on V8's compile cache (\`bin/wharf.js\`), so its counted starts reuse code
compiled by the uncounted one; the other contenders run without it, as their docs start them.

${table}
`
writeFileSync(here('STARTUP.md'), report)
console.log(`\n${table}`)
