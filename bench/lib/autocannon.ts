/** Throughput runs with autocannon, in this (core-0-pinned) process: a warm-up, then the measured run. */
import autocannon from 'autocannon'
import { cpuTimeMs } from './machine.ts'
import type { ProbeRequest } from './scenarios.ts'

export interface LoadResult {
  requestsPerSecond: number
  p99Ms: number
  /** Connection errors and timeouts. */
  errors: number
  non2xx: number
  /** The server's CPU time per request during the measured run, in µs. */
  cpuMicrosPerRequest: number
}

export interface RawResult {
  requestsPerSecond: number
  requests: number
  p99Ms: number
  errors: number
  non2xx: number
}

export function run(
  url: string,
  request: ProbeRequest,
  connections: number,
  seconds: number,
): Promise<RawResult> {
  const options: autocannon.Options = {
    url: url + request.path,
    method: request.method,
    connections,
    duration: seconds,
    timeout: 10,
  }
  if (request.headers) options.headers = request.headers
  if (request.body !== undefined) options.body = request.body
  return new Promise((resolve, reject) => {
    // autocannon stops itself after `duration`; the guard only matters if the server wedges it.
    const instance = autocannon(options, (error, result) => {
      clearTimeout(guard)
      if (error) return reject(error)
      resolve({
        requestsPerSecond: result.requests.average,
        requests: result.requests.total,
        p99Ms: result.latency.p99,
        errors: result.errors,
        non2xx: result.non2xx,
      })
    })
    const guard = setTimeout(() => instance.stop(), (seconds + 30) * 1_000)
  })
}

/** Warms the server (process `pid`) up for `warmup` seconds, then measures `duration` seconds. */
export async function measureThroughput(
  url: string,
  pid: number,
  request: ProbeRequest,
  options: { connections: number; warmup: number; duration: number },
): Promise<LoadResult> {
  await run(url, request, options.connections, options.warmup)
  const cpuBefore = cpuTimeMs(pid)
  const { requests, ...result } = await run(url, request, options.connections, options.duration)
  return { ...result, cpuMicrosPerRequest: ((cpuTimeMs(pid) - cpuBefore) * 1_000) / requests }
}
