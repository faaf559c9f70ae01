/**
 * Side by side: every server of a scenario loaded at the same time, on the same CPU, so that whatever
 * else runs on the machine disturbs them all alike. Requests per second mean little here (they share
 * the core); the server's CPU time per request is the comparable number, and on a shared machine it is
 * the steadiest comparison the bench offers.
 */
import { type LoadGenerator, runLoad } from './load.ts'
import { cpuTimeMs } from './machine.ts'
import type { RunningBenchServer } from './processes.ts'
import type { ProbeRequest } from './scenarios.ts'

/** CPU µs per request of each server, measured over the same `duration` seconds. */
export async function measureSideBySide(
  servers: RunningBenchServer[],
  request: ProbeRequest,
  options: { load: LoadGenerator; connections: number; warmup: number; duration: number },
): Promise<Map<string, number>> {
  // The same total concurrency as the throughput runs, shared out.
  const connections = Math.max(10, Math.round(options.connections / servers.length))
  await Promise.all(
    servers.map((server) => runLoad(options.load, server.url, request, connections, options.warmup)),
  )
  const before = servers.map((server) => cpuTimeMs(server.pid))
  const results = await Promise.all(
    servers.map((server) => runLoad(options.load, server.url, request, connections, options.duration)),
  )
  return new Map(
    servers.map((server, index) => {
      const spentMs = cpuTimeMs(server.pid) - before[index]!
      return [server.name, (spentMs * 1_000) / results[index]!.requests]
    }),
  )
}
