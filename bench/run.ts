/**
 * `npm run bench`: Wharf against raw node:http, Fastify, Hono and Express on the same routes, each
 * server its own process pinned to CPU 1, the load generator on CPU 0. Every server's answers are
 * checked before anything is measured; the tables are printed and written to bench/RESULTS.md.
 * Knobs: see lib/config.ts (BENCH_DURATION, BENCH_RUNS, BENCH_SCENARIOS, BENCH_SERVERS, …).
 */
import { writeFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { type BenchConfig, readConfig } from './lib/config.ts'
import { measureThroughput } from './lib/load.ts'
import {
  cpuTimeMs,
  currentLoad,
  currentRss,
  describeMachine,
  listenCounters,
  peakRss,
} from './lib/machine.ts'
import {
  childFileLimit,
  killAll,
  LOAD_CPU,
  pinning,
  pinSelf,
  type RunningBenchServer,
  startServer,
} from './lib/processes.ts'
import { renderReport, type ScenarioOutcome } from './lib/report.ts'
import { type SleepRound, summarizeSleep, summarizeThroughput } from './lib/results.ts'
import { type Scenario, scenarios, serversOf } from './lib/scenarios.ts'
import { measureSideBySide } from './lib/side-by-side.ts'
import { verifyScenario } from './lib/verify.ts'
import { hasWrk, runWrk, WRK_MISSING } from './lib/wrk.ts'

const log = (message: string) => process.stderr.write(`[bench] ${message}\n`)

function installCleanup(timeoutSeconds: number): void {
  process.on('exit', killAll)
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.on(signal, () => {
      killAll()
      process.exit(130)
    })
  }
  setTimeout(() => {
    log(`the run exceeded BENCH_TIMEOUT (${timeoutSeconds} s); stopping every server`)
    killAll()
    process.exit(1)
  }, timeoutSeconds * 1_000).unref()
}

let profiles = 0

/** `node --cpu-prof` arguments when BENCH_PROFILE names a directory; none otherwise. */
function profileArgs(config: BenchConfig, label: string): string[] {
  if (!config.profileDir) return []
  profiles++
  return [
    '--cpu-prof',
    `--cpu-prof-dir=${config.profileDir}`,
    `--cpu-prof-name=${label}-${profiles}.cpuprofile`,
  ]
}

/** Starts a server, runs `work` against it, and stops it whatever happens. */
async function withServer<T>(
  name: string,
  env: NodeJS.ProcessEnv,
  work: (server: RunningBenchServer) => Promise<T>,
  nodeArgs: string[] = [],
): Promise<T> {
  const server = await startServer(name, { env, nodeArgs })
  try {
    return await work(server)
  } finally {
    await server.stop()
  }
}

/** Fails the run, before any load, if one server answers anything but the expected status and body. */
async function verifyAll(selected: Scenario[], servers: string[], env: NodeJS.ProcessEnv): Promise<void> {
  const problems: string[] = []
  for (const name of servers) {
    const own = selected.filter((scenario) => serversOf(scenario).includes(name))
    await withServer(name, env, async (server) => {
      for (const scenario of own) problems.push(...(await verifyScenario(name, server.url, scenario)))
    })
  }
  if (problems.length > 0) throw new Error(`bench servers disagree:\n  ${problems.join('\n  ')}`)
  log(`verified ${servers.join(', ')} on ${selected.map((scenario) => scenario.name).join(', ')}`)
}

async function measureThroughputScenario(
  scenario: Scenario,
  servers: string[],
  config: BenchConfig,
  env: NodeJS.ProcessEnv,
): Promise<ScenarioOutcome> {
  const rounds = new Map(servers.map((name) => [name, [] as Awaited<ReturnType<typeof measureThroughput>>[]]))
  // Rounds interleave the servers so that drift in the machine's load spreads over all of them.
  for (let round = 0; round < config.runs; round++) {
    for (const name of servers) {
      const result = await withServer(
        name,
        env,
        (server) => measureThroughput(server.url, server.pid, scenario.request, config),
        profileArgs(config, `${scenario.name}-${name}`),
      )
      rounds.get(name)!.push(result)
      log(
        `${scenario.name} ${name}: ${Math.round(result.requestsPerSecond)} req/s, p99 ${result.p99Ms} ms, ` +
          `${result.cpuMicrosPerRequest.toFixed(1)} µs CPU/req`,
      )
    }
  }
  return {
    scenario,
    throughput: servers.map((name) => summarizeThroughput(name, rounds.get(name)!)),
    sideBySide: await measureScenarioSideBySide(scenario, servers, config, env),
  }
}

/** Every server of the scenario at once, `config.runs` times; the CPU µs/request of each, per round. */
async function measureScenarioSideBySide(
  scenario: Scenario,
  servers: string[],
  config: BenchConfig,
  env: NodeJS.ProcessEnv,
): Promise<Map<string, number[]>> {
  const rounds = new Map(servers.map((name) => [name, [] as number[]]))
  for (let round = 0; round < config.runs; round++) {
    const running = await Promise.all(servers.map((name) => startServer(name, { env })))
    try {
      const cpu = await measureSideBySide(running, scenario.request, config)
      for (const [name, micros] of cpu) rounds.get(name)!.push(micros)
      log(
        `${scenario.name} side by side: ` +
          [...cpu].map(([name, micros]) => `${name} ${micros.toFixed(1)}`).join(', ') +
          ' µs CPU/req',
      )
    } finally {
      await Promise.all(running.map((server) => server.stop()))
    }
  }
  return rounds
}

async function measureSleepScenario(
  scenario: Scenario,
  servers: string[],
  config: BenchConfig,
  env: NodeJS.ProcessEnv,
  levels: number[],
): Promise<ScenarioOutcome> {
  const rows = []
  for (const connections of levels) {
    const rounds = new Map(servers.map((name) => [name, [] as SleepRound[]]))
    for (let round = 0; round < config.runs; round++) {
      for (const name of servers) {
        // A fresh server per run: VmHWM is then the peak of this run alone.
        const result = await withServer(
          name,
          env,
          async (server) => {
            const idleRssBytes = currentRss(server.pid) ?? Number.NaN
            const before = listenCounters()
            const cpuBefore = cpuTimeMs(server.pid)
            const wrk = await runWrk(server.url + scenario.request.path, connections, config.duration)
            const after = listenCounters()
            return {
              wrk,
              cpuMicrosPerRequest: ((cpuTimeMs(server.pid) - cpuBefore) * 1_000) / wrk.requests,
              listenOverflows: after.listenOverflows - before.listenOverflows,
              syncookiesSent: after.syncookiesSent - before.syncookiesSent,
              idleRssBytes,
              peakRssBytes: peakRss(server.pid) ?? Number.NaN,
            }
          },
          profileArgs(config, `sleep${connections}-${name}`),
        )
        rounds.get(name)!.push(result)
        log(
          `sleep ${connections} ${name}: ${Math.round(result.wrk.requests / (result.wrk.durationUs / 1e6))} req/s, ` +
            `p99 ${(result.wrk.p99Us / 1e6).toFixed(3)} s, errors c${result.wrk.connect}/r${result.wrk.read}/` +
            `w${result.wrk.write}/t${result.wrk.timeout}, listen overflows ${result.listenOverflows}, ` +
            `peak RSS ${(result.peakRssBytes / 2 ** 20).toFixed(0)} MiB`,
        )
      }
    }
    for (const name of servers) rows.push(summarizeSleep(name, connections, rounds.get(name)!))
  }
  return { scenario, sleep: rows }
}

async function main(): Promise<void> {
  const config = readConfig()
  installCleanup(config.timeout)
  pinSelf(LOAD_CPU)
  const machine = describeMachine()
  const notes: string[] = [
    pinning
      ? `Pinning: servers on CPU 1, ${config.load} and the proxy upstream on CPU 0 (taskset).`
      : 'Pinning: not available (needs taskset and 2 CPUs); numbers are noisier.',
    'Every server uses its framework defaults (listen backlog included: 511 for node:http and the peers, ' +
      "Wharf's 65535; the kernel caps both at net.core.somaxconn).",
  ]
  if (config.profileDir)
    notes.push(`Profiled run (node --cpu-prof into ${config.profileDir}): the profiler slows every server.`)
  if (process.env.BENCH_NOTE) notes.push(process.env.BENCH_NOTE)
  const selected = scenarios.filter(
    (scenario) => !config.scenarios || config.scenarios.includes(scenario.name),
  )
  const pick = (scenario: Scenario) =>
    serversOf(scenario).filter((name) => !config.servers || config.servers.includes(name))
  const skipped = new Map<string, string>()

  let sleepLevels = config.sleepConnections
  if (selected.some((scenario) => scenario.kind === 'sleep')) {
    if (!hasWrk()) {
      log(WRK_MISSING)
      skipped.set('sleep', WRK_MISSING)
    } else {
      const limit = childFileLimit()
      const tooMany = sleepLevels.filter((connections) => connections + 256 > limit)
      if (tooMany.length > 0) {
        const why = `${tooMany.join(', ')} connections need more open files than the hard limit (${limit}); raise it (ulimit -Hn / limits.conf).`
        log(why)
        notes.push(`sleep: ${why}`)
        sleepLevels = sleepLevels.filter((connections) => !tooMany.includes(connections))
      }
    }
  }

  const upstream = selected.some((scenario) => scenario.name === 'proxy')
    ? await startServer('upstream', { cpu: LOAD_CPU })
    : undefined
  const env: NodeJS.ProcessEnv = upstream ? { UPSTREAM_URL: upstream.url } : {}
  try {
    const runnable = selected.filter((scenario) => !skipped.has(scenario.name))
    const servers = [...new Set(runnable.flatMap(pick))]
    await verifyAll(runnable, servers, env)
    const outcomes: ScenarioOutcome[] = []
    for (const scenario of selected) {
      const reason = skipped.get(scenario.name)
      if (reason) outcomes.push({ scenario, skipped: reason })
      else if (scenario.kind === 'sleep')
        outcomes.push(await measureSleepScenario(scenario, pick(scenario), config, env, sleepLevels))
      else outcomes.push(await measureThroughputScenario(scenario, pick(scenario), config, env))
    }
    notes.push(`Load average at the end: ${currentLoad()}`)
    const report = renderReport(machine, config, outcomes, notes)
    process.stdout.write(report)
    // Only a complete, unprofiled run may replace the committed results.
    if (config.scenarios || config.servers || config.profileDir) {
      log('partial or profiled run: bench/RESULTS.md left unchanged')
    } else {
      writeFileSync(fileURLToPath(new URL('./RESULTS.md', import.meta.url)), report)
      log('wrote bench/RESULTS.md')
    }
  } finally {
    await upstream?.stop()
  }
}

main().then(
  () => {
    killAll()
    process.exit(0)
  },
  (error: unknown) => {
    log(error instanceof Error ? (error.stack ?? error.message) : String(error))
    killAll()
    process.exit(1)
  },
)
