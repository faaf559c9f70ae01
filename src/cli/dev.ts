import { type ChildProcess, spawn } from 'node:child_process'
import { once } from 'node:events'
import { existsSync, statSync } from 'node:fs'
import { dirname, relative, resolve } from 'node:path'
import { createInterface } from 'node:readline'
import { fileURLToPath } from 'node:url'
import type { Logger } from 'pino'
import { prettyLines, prettyLogger } from './logger.ts'
import type { CommandSpec } from './options.ts'
import { readServeCommand } from './serve-command.ts'
import { runArguments, type ServeSettings, servingOptions } from './serve-settings.ts'
import { FORCED_EXIT_CODE } from './signals.ts'
import { SHUTDOWN_MESSAGE } from './supervisor-channel.ts'
import { UsageError } from './usage-error.ts'
import { watchSources } from './watch.ts'

/** `wharf dev`: its options and `--help`. */
export const devCommand: CommandSpec = {
  name: 'dev',
  summary: 'serve for development: reload on change, readable logs, 127.0.0.1:8000',
  usage: 'wharf dev [file[:export]] [options]',
  description: [
    'Serves the app for development on 127.0.0.1:8000 and restarts it when a source file changes.',
    'The file is a TypeScript or JavaScript module; its `app` export (or default export, or the export',
    'named after ":") is served. TypeScript runs as is, without a build step: Node strips the types, so',
    'the file must use erasable syntax only (no enum, namespace or constructor parameter properties).',
    `Without a file: the first of app.ts, main.ts, src/app.ts, src/main.ts, app.js, main.js found.`,
    'Logs are pretty-printed. A syntax error is printed and the watcher waits for the next change.',
  ].join('\n'),
  options: [
    {
      name: 'host',
      type: 'string',
      value: 'HOST',
      help: 'Interface to bind (0.0.0.0 for every interface).',
      defaultText: '127.0.0.1',
    },
    ...servingOptions,
    {
      name: 'reload',
      type: 'boolean',
      help: 'Restart on source changes; --no-reload serves without watching.',
      defaultText: 'on',
    },
    {
      name: 'reload-dir',
      type: 'string',
      multiple: true,
      value: 'DIR',
      help: 'Folder to watch (repeatable); node_modules, dist and hidden folders are skipped.',
      defaultText: "the app file's folder",
    },
  ],
}

/** How long a stopping server may take beyond its shutdown timeout before it is killed. */
const KILL_GRACE_MS = 2_000
// From dist/cli/ or, bundled, dist/chunks/: either way the built CLI is ../cli/main.js.
const mainModule = fileURLToPath(new URL('../cli/main.js', import.meta.url))

/**
 * Runs `wharf dev`: a supervisor that starts the server as a child process (`wharf run` with the same
 * options), pretty-prints its logs, and replaces it (a fresh module graph) when sources change.
 *
 * @example
 * await dev(['examples/seed/app.ts', '--port', '9000'])
 */
export async function dev(argv: string[]): Promise<number | undefined> {
  const command = readServeCommand(devCommand, 'dev', argv)
  if (command === undefined) return 0
  const { parsed, target, settings } = command
  const roots = ((parsed.values['reload-dir'] as string[] | undefined) ?? [dirname(target.file)]).map((dir) =>
    resolve(dir),
  )
  const missing = roots.find((root) => !existsSync(root) || !statSync(root).isDirectory())
  if (missing !== undefined) throw new UsageError(`--reload-dir: no such folder "${relative('.', missing)}"`)
  const print = await prettyLines()
  const log = prettyLogger(settings.logLevel, print)
  const server = new DevServer(settings, print, log)
  server.start()
  if (parsed.values.reload !== false) {
    const extraFiles = settings.envFile === undefined ? [] : [resolve(settings.envFile)]
    watchSources(roots, (file) => server.restart(file), { extraFiles })
    log.info(
      { watching: roots },
      `Watching ${roots.map((root) => relative('.', root) || '.').join(', ')} for changes`,
    )
  }
  handleSignals(server, log)
  return undefined
}

/** The dev server child: started, restarted on change, stopped on exit. */
class DevServer {
  private child: ChildProcess | undefined
  private restarting: Promise<void> | undefined
  private pendingChange: string | undefined

  constructor(
    private readonly settings: ServeSettings,
    private readonly print: (line: string) => void,
    private readonly log: Logger,
  ) {}

  start(): void {
    // Detached: Ctrl-C reaches the supervisor only, which then asks the child once (a second signal
    // would force the child out). The IPC channel lets the child follow the supervisor if it dies.
    const child = spawn(
      process.execPath,
      [...process.execArgv, mainModule, 'run', ...runArguments(this.settings)],
      {
        stdio: ['ignore', 'pipe', 'inherit', 'ipc'],
        detached: true,
        env: { ...process.env, WHARF_DEV: '1' },
      },
    )
    this.child = child
    createInterface({ input: child.stdout! }).on('line', this.print)
    child.on('exit', (code, signal) => {
      if (this.child !== child) return
      this.child = undefined
      if (this.restarting === undefined) {
        this.log.error(
          { code, signal },
          'The app stopped (see the error above); waiting for a change to restart it',
        )
      }
    })
  }

  /** Replaces the child; changes arriving during a restart cause one more restart afterwards. */
  restart(file: string): void {
    if (this.restarting) {
      this.pendingChange = file
      return
    }
    this.log.info({ file }, `${relative('.', file)} changed: restarting`)
    this.restarting = this.stop().then(() => {
      this.restarting = undefined
      this.start()
      const next = this.pendingChange
      this.pendingChange = undefined
      if (next !== undefined) this.restart(next)
    })
  }

  /** Asks the child to shut down gracefully; kills it if it outlives its deadline. */
  async stop(): Promise<void> {
    const child = this.child
    if (child === undefined || child.exitCode !== null || child.signalCode !== null) return
    this.child = undefined // an expected exit: not reported as a crash
    const exited = once(child, 'exit')
    if (child.connected) child.send(SHUTDOWN_MESSAGE)
    else child.kill('SIGTERM')
    const timer = setTimeout(() => child.kill('SIGKILL'), this.settings.shutdownTimeout + KILL_GRACE_MS)
    await exited
    clearTimeout(timer)
  }

  kill(): void {
    this.child?.kill('SIGKILL')
  }
}

function handleSignals(server: DevServer, log: Logger): void {
  let stopping = false
  const stop = (reason: string) => {
    if (stopping) {
      server.kill()
      process.exit(FORCED_EXIT_CODE)
    }
    stopping = true
    log.info({ reason }, 'Stopping')
    server.stop().then(() => process.exit(0))
  }
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.on(signal, () => stop(signal))
  // `npm start` killed with SIGTERM takes its `sh -c` with it but not us: a dev server left holding
  // the port after its terminal or runner is gone only confuses. Re-parented means orphaned.
  const parent = process.ppid
  setInterval(() => {
    if (process.ppid !== parent && !stopping) stop('parent process gone')
  }, 500).unref()
}
