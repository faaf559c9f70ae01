/**
 * autocannon, run in this (load-CPU-pinned) process: the fallback load generator when wrk is missing.
 * Being JavaScript, it spends more CPU per request than the fastest servers here, so it can become the
 * bottleneck (see lib/load.ts).
 */
import autocannon from 'autocannon'
import type { ProbeRequest } from './scenarios.ts'

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
