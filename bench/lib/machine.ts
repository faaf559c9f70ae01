/** What the report says about the machine, since every number depends on it. */
import { spawnSync } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { cpus, loadavg, release } from 'node:os'

function readProc(path: string): string {
  try {
    return readFileSync(path, 'utf8').trim()
  } catch {
    return 'unknown'
  }
}

export interface MachineInfo {
  date: string
  node: string
  cpus: number
  cpuModel: string
  kernel: string
  /** Caps every listen backlog, Wharf's 65535 included. */
  somaxconn: string
  synBacklog: string
  loadAverage: string
}

export function describeMachine(): MachineInfo {
  return {
    date: new Date().toISOString(),
    node: process.version,
    // Every CPU of the machine, not this process's affinity (the orchestrator pins itself to one).
    cpus: cpus().length,
    cpuModel: cpus()[0]?.model.trim() ?? 'unknown',
    kernel: release(),
    somaxconn: readProc('/proc/sys/net/core/somaxconn'),
    synBacklog: readProc('/proc/sys/net/ipv4/tcp_max_syn_backlog'),
    loadAverage: currentLoad(),
  }
}

export function currentLoad(): string {
  return loadavg()
    .map((value) => value.toFixed(2))
    .join(' ')
}

function statusField(pid: number, field: string): number | undefined {
  const match = new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(readProc(`/proc/${pid}/status`))
  return match ? Number(match[1]) * 1024 : undefined
}

/** The peak resident set size of a process, in bytes (VmHWM), or undefined once it is gone. */
export function peakRss(pid: number): number | undefined {
  return statusField(pid, 'VmHWM')
}

/** The current resident set size of a process, in bytes (VmRSS). */
export function currentRss(pid: number): number | undefined {
  return statusField(pid, 'VmRSS')
}

const ticksPerSecond = Number(spawnSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).stdout) || 100

/**
 * The CPU time (user + system) a process has used so far, in ms. On a machine shared with other work,
 * CPU time per request is steadier than requests per second: it measures the server's own cost
 * rather than the share of the core it managed to get.
 */
export function cpuTimeMs(pid: number): number {
  const stat = readProc(`/proc/${pid}/stat`)
  // Fields after the parenthesised command name; utime and stime are fields 14 and 15 of the line.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
  return ((Number(fields[11]) + Number(fields[12])) / ticksPerSecond) * 1_000
}

/** Kernel TCP counters that explain a connection burst's latency: full accept queues and SYN cookies. */
export interface ListenCounters {
  /** Handshakes completed while the accept queue was full: the client's ACK is dropped and retried. */
  listenOverflows: number
  /** SYNs answered with a cookie because the SYN queue was full. */
  syncookiesSent: number
}

/** The network namespace's counters (shared with anything else running: read deltas around one run). */
export function listenCounters(): ListenCounters {
  const lines = readProc('/proc/net/netstat')
    .split('\n')
    .filter((line) => line.startsWith('TcpExt:'))
  const names = lines[0]?.split(/\s+/) ?? []
  const values = lines[1]?.split(/\s+/) ?? []
  const get = (name: string) => Number(values[names.indexOf(name)] ?? Number.NaN)
  return { listenOverflows: get('ListenOverflows'), syncookiesSent: get('SyncookiesSent') }
}
