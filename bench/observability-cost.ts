/**
 * What observability costs in the HTTP bench: the Wharf bench server with a set of features on,
 * against the same server with none, on the hello and items scenarios.
 *
 * - Throughput: rounds alternate (baseline, features, baseline…) so drift hits both; the ratio of
 *   the medians of requests per second.
 * - Side by side: both servers loaded at the same time, on the same CPU, so whatever else runs on
 *   the machine disturbs them alike; the ratio of the medians of server CPU time per request. On a
 *   shared machine this is the figure to trust (throughput swings with the neighbours).
 *
 * Run: npm run build && node bench/observability-cost.ts metrics [seconds] [rounds] [baseline features]
 * (features: comma-separated, as WHARF_BENCH_OBSERVE takes them; `watch` is an empty onResponse hook,
 * what an access log or any onResponse hook makes the adapter do: watch each response to its end)
 */
import { runLoad } from './lib/load.ts'
import { cpuTimeMs } from './lib/machine.ts'
import { killAll, LOAD_CPU, pinSelf, type RunningBenchServer, startServer } from './lib/processes.ts'
import { type ProbeRequest, scenarios } from './lib/scenarios.ts'
import { median } from './lib/stats.ts'
import { hasWrk } from './lib/wrk.ts'

const [features = 'metrics', seconds = '5', rounds = '3', baseline = ''] = process.argv.slice(2)
const duration = Number(seconds)
const CONNECTIONS = 100
const load = hasWrk() ? 'wrk' : 'autocannon'
const run = (url: string, request: ProbeRequest, connections: number, seconds: number) =>
  runLoad(load, url, request, connections, seconds)
process.on('exit', killAll)
pinSelf(LOAD_CPU)

const start = (observe: string) => startServer('wharf', { env: { WHARF_BENCH_OBSERVE: observe } })
const observed = baseline === '' ? features : `${baseline},${features}`

async function throughput(request: ProbeRequest, observe: string): Promise<number> {
  const server = await start(observe)
  try {
    await run(server.url, request, CONNECTIONS, 1)
    const result = await run(server.url, request, CONNECTIONS, duration)
    if (result.errors > 0 || result.non2xx > 0) throw new Error(`errors with "${observe}"`)
    return result.requestsPerSecond
  } finally {
    await server.stop()
  }
}

/** CPU µs per request of each server, both loaded over the same seconds. */
async function sideBySide(request: ProbeRequest): Promise<[number, number]> {
  const servers: RunningBenchServer[] = [await start(baseline), await start(observed)]
  try {
    const connections = CONNECTIONS / 2
    await Promise.all(servers.map((server) => run(server.url, request, connections, 1)))
    const before = servers.map((server) => cpuTimeMs(server.pid))
    const results = await Promise.all(
      servers.map((server) => run(server.url, request, connections, duration)),
    )
    const perRequest = servers.map(
      (server, index) => ((cpuTimeMs(server.pid) - before[index]!) * 1_000) / results[index]!.requests,
    )
    return [perRequest[0]!, perRequest[1]!]
  } finally {
    await Promise.all(servers.map((server) => server.stop()))
  }
}

for (const name of ['hello', 'items']) {
  const { request } = scenarios.find((each) => each.name === name)!
  const rates = { baseline: [] as number[], observed: [] as number[] }
  const cpu = { baseline: [] as number[], observed: [] as number[] }
  for (let round = 0; round < Number(rounds); round++) {
    rates.baseline.push(Math.round(await throughput(request, baseline)))
    rates.observed.push(Math.round(await throughput(request, observed)))
    const [off, on] = await sideBySide(request)
    cpu.baseline.push(Math.round(off * 10) / 10)
    cpu.observed.push(Math.round(on * 10) / 10)
  }
  const ratio = (values: typeof rates) => (median(values.observed) / median(values.baseline)).toFixed(3)
  // Side by side, each round compares two servers under the same conditions: the median of the
  // per-round ratios is the steadier figure.
  const paired = median(cpu.observed.map((value, index) => value / cpu.baseline[index]!)).toFixed(3)
  console.log(
    `${name}: ${observed} vs ${baseline || 'nothing'}: throughput ×${ratio(rates)} (req/s ${JSON.stringify(rates)}); side by side, CPU per request ×${paired} (median of per-round ratios; µs ${JSON.stringify(cpu)})`,
  )
}
