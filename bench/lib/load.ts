/**
 * The load of the throughput scenarios, from wrk when it is installed, else from autocannon.
 *
 * Why wrk first: autocannon is JavaScript, and on this bench's one load CPU it tops out around the
 * throughput of the fastest servers here. A server then waits for its load generator part of the time,
 * each event-loop turn finds fewer requests ready, and the fixed cost of a turn (epoll, timers,
 * microtask checkpoints) is spread over fewer requests: CPU per request rises, and it rises more for
 * the server whose requests arrive least batched. Ratios between frameworks measured that way mix the
 * servers' costs with the load generator's; with wrk (C, one thread) the server's core is the
 * bottleneck, as in the independent harness of issue 16. BENCH_LOAD=autocannon forces the old way.
 */
import { run } from './autocannon.ts'
import { cpuTimeMs, peakRss } from './machine.ts'
import type { ProbeRequest } from './scenarios.ts'
import { runWrk } from './wrk.ts'

export type LoadGenerator = 'wrk' | 'autocannon'

export interface LoadResult {
  requestsPerSecond: number
  p99Ms: number
  /** Connection errors and timeouts. */
  errors: number
  non2xx: number
  /** The server's CPU time per request during the measured run, in µs. */
  cpuMicrosPerRequest: number
  /** The server's peak RSS (VmHWM) over its life, warm-up and run included; NaN where /proc is missing. */
  peakRssBytes: number
}

export interface RawLoadResult {
  requestsPerSecond: number
  requests: number
  p99Ms: number
  errors: number
  non2xx: number
}

/** One run of `seconds` of `request` against the server at `url` with `connections` connections. */
export async function runLoad(
  generator: LoadGenerator,
  url: string,
  request: ProbeRequest,
  connections: number,
  seconds: number,
): Promise<RawLoadResult> {
  if (generator === 'autocannon') return run(url, request, connections, seconds)
  const wrk = await runWrk(url + request.path, connections, seconds, request)
  return {
    requestsPerSecond: wrk.requests / (wrk.durationUs / 1e6),
    requests: wrk.requests,
    p99Ms: wrk.p99Us / 1_000,
    errors: wrk.connect + wrk.read + wrk.write + wrk.timeout,
    non2xx: wrk.status,
  }
}

/** Warms the server (process `pid`) up for `warmup` seconds, then measures `duration` seconds. */
export async function measureThroughput(
  url: string,
  pid: number,
  request: ProbeRequest,
  options: { load: LoadGenerator; connections: number; warmup: number; duration: number },
): Promise<LoadResult> {
  await runLoad(options.load, url, request, options.connections, options.warmup)
  const cpuBefore = cpuTimeMs(pid)
  const { requests, ...result } = await runLoad(
    options.load,
    url,
    request,
    options.connections,
    options.duration,
  )
  return {
    ...result,
    cpuMicrosPerRequest: ((cpuTimeMs(pid) - cpuBefore) * 1_000) / requests,
    peakRssBytes: peakRss(pid) ?? Number.NaN,
  }
}
