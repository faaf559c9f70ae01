import { type ChildProcess, spawn } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { type IncomingHttpHeaders, request } from 'node:http'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'

/** The built CLI entry (npm test builds before running vitest). */
export const CLI = fileURLToPath(new URL('../../dist/cli/main.js', import.meta.url))
/** How test apps import Wharf from a temp folder: the build, by absolute URL. */
export const WHARF = pathToFileURL(fileURLToPath(new URL('../../dist/index.js', import.meta.url))).href

/** A temp folder for app files, removed by `cleanup()`. */
export function tempFolder(): Folder {
  return folderAt(mkdtempSync(join(tmpdir(), 'wharf-cli-test-')))
}

/** A folder tests write files into, removed by `cleanup()`. */
export interface Folder {
  dir: string
  write: (name: string, code: string) => string
  cleanup: () => void
}

/** `dir` as a `Folder`. */
export function folderAt(dir: string): Folder {
  return {
    dir,
    write: (name, code) => {
      const file = join(dir, name)
      writeFileSync(file, code)
      return file
    },
    cleanup: () => rmSync(dir, { recursive: true, force: true }),
  }
}

/** A running `wharf` process and everything it printed, line by line. */
export class CliProcess {
  readonly child: ChildProcess
  readonly lines: string[] = []
  stderr = ''
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>
  private waiters: (() => void)[] = []
  private readonly detached: boolean

  /**
   * `entry` is the CLI script to run (the build's by default; an installed `bin/wharf.js` in package
   * tests). The process leads a process group of its own (its pid is the group id), as a service
   * under systemd or a command in a terminal does: a test can signal the whole group, and `kill()`
   * takes the workers down with it (a worker left behind, whose output nobody reads any more, would
   * block on its next log line forever). `detached: false` leaves it in the test's group.
   */
  constructor(
    args: string[],
    env: Record<string, string> = {},
    { entry = CLI, cwd, detached = true }: { entry?: string; cwd?: string; detached?: boolean } = {},
  ) {
    this.child = spawn(process.execPath, [entry, ...args], {
      cwd,
      env: { ...process.env, NO_COLOR: '1', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
      detached,
    })
    this.detached = detached
    let pending = ''
    this.child.stdout!.on('data', (chunk: Buffer) => {
      pending += chunk.toString()
      const parts = pending.split('\n')
      pending = parts.pop()!
      this.lines.push(...parts)
      for (const wake of this.waiters.splice(0)) wake()
    })
    this.child.stderr!.on('data', (chunk: Buffer) => {
      this.stderr += chunk.toString()
      for (const wake of this.waiters.splice(0)) wake()
    })
    this.exited = new Promise((resolve) => {
      // 'close', not 'exit': by then everything the process printed has been read.
      this.child.on('close', (code, signal) => {
        resolve({ code, signal })
        for (const wake of this.waiters.splice(0)) wake()
      })
    })
  }

  /** The JSON log lines (`wharf run` prints pino JSON). */
  get records(): Record<string, any>[] {
    return this.lines.flatMap((line) => {
      try {
        return [JSON.parse(line)]
      } catch {
        return []
      }
    })
  }

  /** Resolves with the first line (from index `from`) matching `pattern`; rejects after `timeoutMs`. */
  async waitForLine(pattern: RegExp, timeoutMs = 10_000, from = 0): Promise<string> {
    const deadline = Date.now() + timeoutMs
    for (;;) {
      const found = this.lines.slice(from).find((line) => pattern.test(line))
      if (found !== undefined) return found
      if (this.child.exitCode !== null || this.child.signalCode !== null) {
        throw new Error(`wharf exited before printing ${pattern}:\n${this.lines.join('\n')}\n${this.stderr}`)
      }
      const left = deadline - Date.now()
      if (left <= 0)
        throw new Error(
          `no line matched ${pattern} in ${timeoutMs} ms:\n${this.lines.join('\n')}\n${this.stderr}`,
        )
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left)
        this.waiters.push(() => {
          clearTimeout(timer)
          resolve()
        })
      })
    }
  }

  /** Resolves once `count` lines (from index `from`) match `pattern`; rejects after `timeoutMs`. */
  async waitForLines(pattern: RegExp, count: number, timeoutMs = 20_000, from = 0): Promise<string[]> {
    const deadline = Date.now() + timeoutMs
    for (;;) {
      const found = this.lines.slice(from).filter((line) => pattern.test(line))
      if (found.length >= count) return found
      const left = deadline - Date.now()
      if (left <= 0)
        throw new Error(`${found.length} of ${count} lines matched ${pattern}:\n${this.lines.join('\n')}`)
      await this.waitForLine(pattern, left, this.lines.length).catch((error) => {
        if (this.child.exitCode !== null || this.child.signalCode !== null) throw error
      })
    }
  }

  /** The URL from the next "Serving on" line after line `from`. */
  async servingUrl(from = 0, timeoutMs = 10_000): Promise<string> {
    const line = await this.waitForLine(/Serving on http/, timeoutMs, from)
    return /Serving on (http:\/\/\S+?)["\s]/.exec(`${line} `)![1]!
  }

  /** Sends `signal` to the whole process group (the process must have been started `detached`). */
  signalGroup(signal: NodeJS.Signals): void {
    process.kill(-this.child.pid!, signal)
  }

  /** Kills the process (and, when detached, everything left in its group: workers too). */
  kill(): void {
    if (this.detached) {
      try {
        this.signalGroup('SIGKILL')
      } catch {
        // The group is gone already.
      }
    } else if (this.child.exitCode === null && this.child.signalCode === null) this.child.kill('SIGKILL')
  }
}

/** Runs `wharf args` to completion. */
export async function runCli(
  args: string[],
  env: Record<string, string> = {},
  where: { entry?: string; cwd?: string } = {},
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const cli = new CliProcess(args, env, where)
  const { code } = await cli.exited
  return { code, stdout: cli.lines.join('\n'), stderr: cli.stderr }
}

/** A response read whole. */
export interface Reply {
  status: number
  headers: IncomingHttpHeaders
  body: string
}

/** One GET on a fresh connection (no keep-alive pool hiding what the server does). */
export function get(url: string, headers: Record<string, string> = {}): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = request(url, { headers, agent: false }, (res) => {
      let body = ''
      res.setEncoding('utf8')
      res.on('data', (chunk) => (body += chunk))
      res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, body }))
      res.on('error', reject)
    })
    req.on('error', reject)
    req.end()
  })
}

/** Retries `get` until it answers (the server may be restarting), for at most `timeoutMs`. */
export async function getWhenUp(url: string, timeoutMs = 10_000): Promise<Reply> {
  const deadline = Date.now() + timeoutMs
  for (;;) {
    try {
      return await get(url)
    } catch (error) {
      if (Date.now() > deadline) throw error
      await new Promise((resolve) => setTimeout(resolve, 50))
    }
  }
}
