/**
 * What observability costs: the Wharf bench server's throughput with a set of features on, against the
 * same server with none, on the hello and items scenarios. Rounds alternate (baseline, features,
 * baseline…) so drift on a shared machine hits both; the ratios of medians are printed: throughput, and
 * the server's CPU time per request (steadier than throughput when other work shares the machine).
 *
 * Run: npm run build && node bench/observability-cost.ts metrics [seconds] [rounds]
 * (features: comma-separated, as WHARF_BENCH_OBSERVE takes them)
 */
import { measureThroughput } from './lib/autocannon.ts'
import { killAll, LOAD_CPU, pinSelf, startServer } from './lib/processes.ts'
import { scenarios } from './lib/scenarios.ts'
import { median } from './lib/stats.ts'

const [features = 'metrics', seconds = '5', rounds = '3'] = process.argv.slice(2)
process.on('exit', killAll)
pinSelf(LOAD_CPU)

for (const name of ['hello', 'items']) {
  const scenario = scenarios.find((each) => each.name === name)!
  const rates: Record<'baseline' | 'observed', number[]> = { baseline: [], observed: [] }
  const cpu: Record<'baseline' | 'observed', number[]> = { baseline: [], observed: [] }
  for (let round = 0; round < Number(rounds); round++) {
    for (const variant of ['baseline', 'observed'] as const) {
      const env = { WHARF_BENCH_OBSERVE: variant === 'observed' ? features : '' }
      const server = await startServer('wharf', { env })
      try {
        const result = await measureThroughput(server.url, server.pid, scenario.request, {
          connections: 100,
          warmup: 1,
          duration: Number(seconds),
        })
        if (result.errors > 0 || result.non2xx > 0) throw new Error(`${name} ${variant}: errors`)
        rates[variant].push(Math.round(result.requestsPerSecond))
        cpu[variant].push(Math.round(result.cpuMicrosPerRequest))
      } finally {
        await server.stop()
      }
    }
  }
  const ratio = (values: typeof rates) => (median(values.observed) / median(values.baseline)).toFixed(3)
  console.log(
    `${name}: ${features} on/off: throughput ×${ratio(rates)}, CPU per request ×${ratio(cpu)} (req/s ${JSON.stringify(rates)}; µs/req ${JSON.stringify(cpu)})`,
  )
}
