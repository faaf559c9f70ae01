/**
 * wrk, the load generator of every scenario when it is installed: written in C, one thread on the load
 * CPU sends far more requests than any server here answers on its CPU, and it holds 10,000 connections
 * cheaply. It comes from the OS (Debian: `apt-get install -y wrk`), so its absence is explained, not fatal.
 */
import { spawnSync } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { LOAD_CPU, launch, waitForExit } from './processes.ts'
import type { ProbeRequest } from './scenarios.ts'

export const WRK_MISSING =
  'wrk is not installed, so the sleep scenario is skipped and the others run under autocannon. Install it with `apt-get install -y wrk` ' +
  '(Debian/Ubuntu), `brew install wrk` (macOS) or from https://github.com/wg/wrk, then rerun `npm run bench`.'

export function hasWrk(): boolean {
  return spawnSync('wrk', ['--version'], { stdio: 'ignore' }).error === undefined
}

export interface WrkResult {
  durationUs: number
  requests: number
  p50Us: number
  p99Us: number
  maxUs: number
  connect: number
  read: number
  write: number
  /** Responses that were not 2xx or 3xx. */
  status: number
  timeout: number
}

const script = fileURLToPath(new URL('../wrk/report.lua', import.meta.url))

/**
 * One wrk run of `seconds` against `url` with `connections` connections, pinned to the load CPU, sending
 * `request` (a GET of the URL's path when unset).
 */
export async function runWrk(
  url: string,
  connections: number,
  seconds: number,
  request?: ProbeRequest,
): Promise<WrkResult> {
  // One thread keeps wrk on its one core, where it sustains several times what one server core answers.
  const args = [
    '-t',
    '1',
    '-c',
    String(connections),
    '-d',
    `${seconds}s`,
    '--timeout',
    '10s',
    '-s',
    script,
    url,
  ]
  const env = {
    WRK_METHOD: request?.method ?? 'GET',
    WRK_BODY: request?.body ?? '',
    WRK_HEADERS: Object.entries(request?.headers ?? {})
      .map(([name, value]) => `${name}: ${value}`)
      .join('\n'),
  }
  const child = launch('wrk', args, LOAD_CPU, env)
  let out = ''
  let errors = ''
  child.stdout?.on('data', (chunk: Buffer) => {
    out += chunk.toString()
  })
  child.stderr?.on('data', (chunk: Buffer) => {
    errors = (errors + chunk.toString()).slice(-2_000)
  })
  // 'exit' can come before the last of its output has been read: wait for its pipes to close too.
  const closed = new Promise<void>((resolve) => child.once('close', () => resolve()))
  await waitForExit(child, (seconds + 60) * 1_000)
  await closed
  const line = out.split('\n').find((candidate) => candidate.startsWith('WRK_JSON '))
  if (!line)
    throw new Error(`wrk gave no summary (exit ${child.exitCode ?? child.signalCode}):\n${out}${errors}`)
  return JSON.parse(line.slice('WRK_JSON '.length)) as WrkResult
}
