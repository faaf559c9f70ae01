/**
 * Child processes of a bench run: every one is launched through a small shell that raises its open
 * file limit (10,000 connections need 10,000 descriptors on each side) and pins it to a CPU, and every
 * one is killed when the run ends, whatever the reason.
 */
import { type ChildProcess, spawn, spawnSync } from 'node:child_process'
import { availableParallelism } from 'node:os'
import { fileURLToPath } from 'node:url'

const children = new Set<ChildProcess>()

/** Kills every child still running. Synchronous, so it also works from an 'exit' listener. */
export function killAll(): void {
  for (const child of children) {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL')
  }
  children.clear()
}

const hasTaskset = spawnSync('taskset', ['-V'], { stdio: 'ignore' }).status === 0
/** Pinning only means something with two cores or more: one for the load, one for the server. */
export const pinning = hasTaskset && availableParallelism() >= 2

/** The CPU the load generator (and the proxy's upstream) runs on. */
export const LOAD_CPU = 0
/** The CPU the server under test runs on. */
export const SERVER_CPU = 1

/** Pins this process (all its threads) to `cpu`: the orchestrator runs autocannon in-process. */
export function pinSelf(cpu: number): void {
  if (pinning) spawnSync('taskset', ['-a', '-p', '-c', String(cpu), String(process.pid)], { stdio: 'ignore' })
}

/** The open file limit children get: the hard limit, which the launcher raises the soft one to. */
export function childFileLimit(): number {
  const out = spawnSync('sh', ['-c', 'ulimit -Hn'], { encoding: 'utf8' }).stdout.trim()
  return out === 'unlimited' ? Number.POSITIVE_INFINITY : Number(out)
}

/**
 * Starts `command` on `cpu` (`null`: anywhere) with the raised file limit; `exec` keeps one pid, so
 * /proc/<pid> is the program itself.
 */
export function launch(
  command: string,
  args: string[],
  cpu: number | null,
  env: NodeJS.ProcessEnv = {},
): ChildProcess {
  const pin = pinning && cpu !== null ? ['taskset', '-c', String(cpu)] : []
  const child = spawn(
    'sh',
    ['-c', 'ulimit -n "$(ulimit -Hn)" 2>/dev/null; exec "$@"', 'sh', ...pin, command, ...args],
    { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, ...env } },
  )
  children.add(child)
  child.once('exit', () => children.delete(child))
  return child
}

/** Waits for `child` to exit, killing it with SIGKILL if it has not within `ms`. */
export function waitForExit(child: ChildProcess, ms: number): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve()
  return new Promise((resolve) => {
    const timer = setTimeout(() => child.kill('SIGKILL'), ms)
    child.once('exit', () => {
      clearTimeout(timer)
      resolve()
    })
  })
}

/** A bench server (or the upstream) listening on loopback. */
export interface RunningBenchServer {
  readonly name: string
  readonly pid: number
  readonly url: string
  /** The tail of its stderr, for the error message when it misbehaves. */
  stderr(): string
  stop(): Promise<void>
}

/** bench/servers/<name>.ts */
export function serverFile(name: string): string {
  return fileURLToPath(new URL(`../servers/${name}.ts`, import.meta.url))
}

/**
 * Starts bench/servers/<name>.ts on `cpu` and resolves once it has printed `{"ready": port}`; rejects
 * (and kills it) if it exits or stays silent for `timeoutMs`.
 */
export function startServer(
  name: string,
  options: { cpu?: number | null; env?: NodeJS.ProcessEnv; timeoutMs?: number; nodeArgs?: string[] } = {},
): Promise<RunningBenchServer> {
  const cpu = options.cpu === undefined ? SERVER_CPU : options.cpu
  const nodeArgs = options.nodeArgs ?? []
  const child = launch(process.execPath, [...nodeArgs, serverFile(name)], cpu, options.env)
  let errors = ''
  child.stderr?.on('data', (chunk: Buffer) => {
    errors = (errors + chunk.toString()).slice(-4_000)
  })
  const stop = async () => {
    child.kill('SIGTERM')
    // A CPU profile can take a few seconds to write on exit.
    await waitForExit(child, nodeArgs.length > 0 ? 15_000 : 2_000)
  }
  return new Promise((resolve, reject) => {
    const fail = (reason: string) => {
      clearTimeout(timer)
      child.off('exit', exitedEarly)
      child.kill('SIGKILL')
      reject(new Error(`bench server ${name} ${reason}\n${errors}`))
    }
    const timer = setTimeout(() => fail('did not announce its port in time'), options.timeoutMs ?? 15_000)
    const exitedEarly = (code: number | null, signal: string | null) =>
      fail(`exited (${code ?? signal}) before it was ready`)
    child.once('exit', exitedEarly)
    let out = ''
    const waitForReady = (chunk: Buffer) => {
      out += chunk.toString()
      const line = out.split('\n').find((candidate) => candidate.startsWith('{"ready":'))
      if (!line) return
      clearTimeout(timer)
      child.off('exit', exitedEarly)
      // Keep reading what it prints (a logging server's lines), without keeping it.
      child.stdout?.off('data', waitForReady)
      child.stdout?.resume()
      out = ''
      const { ready } = JSON.parse(line) as { ready: number }
      resolve({
        name,
        pid: child.pid!,
        url: `http://127.0.0.1:${ready}`,
        stderr: () => errors,
        stop,
      })
    }
    child.stdout?.on('data', waitForReady)
  })
}
