/** What a run measured, reduced to the numbers the tables quote (medians over rounds). */
import type { LoadResult } from './load.ts'
import { median } from './stats.ts'
import type { WrkResult } from './wrk.ts'

export interface ThroughputRow {
  server: string
  requestsPerSecond: number
  p99Ms: number
  cpuMicrosPerRequest: number
  peakRssBytes: number
  errors: number
  non2xx: number
}

export function summarizeThroughput(server: string, rounds: LoadResult[]): ThroughputRow {
  return {
    server,
    requestsPerSecond: median(rounds.map((round) => round.requestsPerSecond)),
    p99Ms: median(rounds.map((round) => round.p99Ms)),
    cpuMicrosPerRequest: median(rounds.map((round) => round.cpuMicrosPerRequest)),
    peakRssBytes: median(rounds.map((round) => round.peakRssBytes)),
    errors: rounds.reduce((sum, round) => sum + round.errors, 0),
    non2xx: rounds.reduce((sum, round) => sum + round.non2xx, 0),
  }
}

export interface SleepRound {
  wrk: WrkResult
  /** The server's RSS once ready, before any load: what its code and modules cost. */
  idleRssBytes: number
  /** The server's CPU time per completed request, connection handling included, in µs. */
  cpuMicrosPerRequest: number
  /** Kernel accept-queue overflows and SYN cookies during the run (deltas). */
  listenOverflows: number
  syncookiesSent: number
  /** The server's VmHWM after the run; a fresh server per run, so it is this run's peak. */
  peakRssBytes: number
}

export interface SleepRow {
  server: string
  connections: number
  requestsPerSecond: number
  p50Seconds: number
  p99Seconds: number
  socketErrors: { connect: number; read: number; write: number; timeout: number }
  non2xx: number
  cpuMicrosPerRequest: number
  listenOverflows: number
  syncookiesSent: number
  idleRssBytes: number
  peakRssBytes: number
}

export function summarizeSleep(server: string, connections: number, rounds: SleepRound[]): SleepRow {
  const sum = (pick: (wrk: WrkResult) => number) =>
    rounds.reduce((total, round) => total + pick(round.wrk), 0)
  return {
    server,
    connections,
    requestsPerSecond: median(rounds.map(({ wrk }) => wrk.requests / (wrk.durationUs / 1e6))),
    p50Seconds: median(rounds.map(({ wrk }) => wrk.p50Us / 1e6)),
    p99Seconds: median(rounds.map(({ wrk }) => wrk.p99Us / 1e6)),
    socketErrors: {
      connect: sum((wrk) => wrk.connect),
      read: sum((wrk) => wrk.read),
      write: sum((wrk) => wrk.write),
      timeout: sum((wrk) => wrk.timeout),
    },
    non2xx: sum((wrk) => wrk.status),
    cpuMicrosPerRequest: median(rounds.map((round) => round.cpuMicrosPerRequest)),
    listenOverflows: median(rounds.map((round) => round.listenOverflows)),
    syncookiesSent: median(rounds.map((round) => round.syncookiesSent)),
    idleRssBytes: median(rounds.map((round) => round.idleRssBytes)),
    peakRssBytes: median(rounds.map((round) => round.peakRssBytes)),
  }
}
