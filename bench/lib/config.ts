import { resolve } from 'node:path'
import type { LoadGenerator } from './load.ts'
import { hasWrk } from './wrk.ts'

/** Knobs of a bench run, all from the environment so `npm run bench` stays a single command. */

function positive(name: string, fallback: number): number {
  const raw = process.env[name]
  if (raw === undefined || raw === '') return fallback
  const value = Number(raw)
  if (!Number.isFinite(value) || value <= 0) throw new Error(`${name} must be a positive number, got ${raw}`)
  return value
}

function list(name: string): string[] | undefined {
  const raw = process.env[name]
  return raw ? raw.split(',').map((item) => item.trim()) : undefined
}

export interface BenchConfig {
  /** Seconds of measured load per server and scenario (BENCH_DURATION, default 10). */
  duration: number
  /** Seconds of unmeasured load first, so the JIT has settled (BENCH_WARMUP, default 3). */
  warmup: number
  /**
   * The throughput scenarios' load generator (BENCH_LOAD): wrk when installed, else autocannon, whose own
   * CPU cost can cap the fastest servers (see lib/load.ts).
   */
  load: LoadGenerator
  /** Concurrent connections for the throughput scenarios (BENCH_CONNECTIONS, default 100). */
  connections: number
  /** Rounds per scenario; with more than one the tables quote medians (BENCH_RUNS, default 1). */
  runs: number
  /** Concurrent connections of the sleep scenario's levels (BENCH_SLEEP_CONNECTIONS, default 1000,10000). */
  sleepConnections: number[]
  /** Only these scenarios (BENCH_SCENARIOS, comma separated); all when unset. */
  scenarios: string[] | undefined
  /** Only these servers (BENCH_SERVERS, comma separated); all when unset. */
  servers: string[] | undefined
  /** The whole run is aborted after this many seconds (BENCH_TIMEOUT, default 1200). */
  timeout: number
  /**
   * A directory: every measured server runs under `node --cpu-prof` and leaves
   * `<scenario>-<server>-<n>.cpuprofile` there, for Chrome DevTools (BENCH_PROFILE). It slows the servers.
   */
  profileDir: string | undefined
}

export function readConfig(): BenchConfig {
  const duration = positive('BENCH_DURATION', 10)
  const load = process.env.BENCH_LOAD || (hasWrk() ? 'wrk' : 'autocannon')
  if (load !== 'wrk' && load !== 'autocannon')
    throw new Error(`BENCH_LOAD must be wrk or autocannon, got ${load}`)
  return {
    load,
    duration,
    warmup: positive('BENCH_WARMUP', Math.min(3, duration)),
    connections: positive('BENCH_CONNECTIONS', 100),
    runs: positive('BENCH_RUNS', 1),
    sleepConnections: (list('BENCH_SLEEP_CONNECTIONS') ?? ['1000', '10000']).map(Number),
    scenarios: list('BENCH_SCENARIOS'),
    servers: list('BENCH_SERVERS'),
    timeout: positive('BENCH_TIMEOUT', 1_200),
    profileDir: process.env.BENCH_PROFILE ? resolve(process.env.BENCH_PROFILE) : undefined,
  }
}
