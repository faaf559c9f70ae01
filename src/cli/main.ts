/**
 * The `wharf` command: `wharf dev`, `wharf run`, `wharf openapi`, `wharf routes`, `wharf client`. Run by `bin/wharf.js`
 * (or `node dist/cli/main.js`); exits 2 on a usage error, 1 when the app fails.
 *
 * @example
 * // npx wharf dev app.ts
 * // npx wharf run app.ts --workers 4 --port 8080
 * @module
 */
import { readFileSync } from 'node:fs'
import { resolveTarget } from './load-app.ts'
import type { CommandSpec } from './options.ts'
import { rerunWithTypeScript } from './typescript.ts'
import { describeError, UsageError } from './usage-error.ts'

type CommandRunner = (argv: string[]) => Promise<number | undefined>
type Command = [CommandSpec, CommandRunner]

/**
 * Each command's module, imported when that command runs: `wharf run` does not load the watcher of
 * `dev` or the client generator of `client`. Keys are the commands' names, in the order listed.
 */
const COMMANDS: Record<string, () => Promise<Command>> = {
  dev: async () => import('./dev.ts').then((m): Command => [m.devCommand, m.dev]),
  run: async () => import('./run.ts').then((m): Command => [m.runCommand, m.run]),
  openapi: async () => import('./openapi.ts').then((m): Command => [m.openapiCommand, m.openapi]),
  routes: async () => import('./routes.ts').then((m): Command => [m.routesCommand, m.routes]),
  client: async () => import('./client.ts').then((m): Command => [m.clientCommand, m.client]),
}

async function overview(): Promise<string> {
  const commands = await Promise.all(Object.values(COMMANDS).map((load) => load()))
  const width = Math.max(...commands.map(([spec]) => spec.name.length)) + 2
  const lines = commands.map(([spec]) => `  ${spec.name.padEnd(width)}${spec.summary}`)
  return `Usage: wharf <command> [file[:export]] [options]\n\nCommands:\n${lines.join('\n')}\n\nRun "wharf <command> --help" for a command's options; "wharf --version" for the version.\n`
}

/** The first argument that is not an option: the app file, which may need TypeScript support. */
function appFileOf(argv: string[]): string | undefined {
  const given = argv.find((arg) => !arg.startsWith('-'))
  try {
    return resolveTarget(given).file
  } catch {
    return undefined // reported by the command itself, with the right exit code
  }
}

/**
 * Runs the command line `argv` (without `node` and the script). Resolves to the exit code, or to
 * undefined when the command keeps serving.
 *
 * @example
 * const code = await main(['routes', 'app.ts'])
 */
export async function main(argv: string[]): Promise<number | undefined> {
  const [name, ...rest] = argv
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    process.stdout.write(await overview())
    return name === undefined ? 2 : 0
  }
  if (name === '--version' || name === '-V') {
    // src/cli and dist/cli are both two folders below the package root.
    const { version } = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8'))
    process.stdout.write(`wharf ${version}\n`)
    return 0
  }
  if (!Object.hasOwn(COMMANDS, name)) throw new UsageError(`unknown command "${name}"`)
  const file = rest.includes('--help') || rest.includes('-h') ? undefined : appFileOf(rest)
  if (file !== undefined) {
    const code = await rerunWithTypeScript(file)
    if (code !== undefined) return code
  }
  const [, runCommand] = await COMMANDS[name]!()
  return runCommand(rest)
}

/**
 * Exits once stdout has taken what was written: `openapi` and `routes` must not wait for timers or
 * pools the app module opened at import, and a worker's IPC channel would keep it alive.
 */
function exit(code: number): void {
  process.stdout.write('', () => process.exit(code))
}

main(process.argv.slice(2)).then(
  (code) => {
    if (code !== undefined) exit(code)
  },
  (error: unknown) => {
    if (error instanceof UsageError) {
      const command = process.argv[2]
      const help =
        command !== undefined && Object.hasOwn(COMMANDS, command) ? `wharf ${command} --help` : 'wharf --help'
      process.stderr.write(`Error: ${error.message}\nRun "${help}" for usage.\n`)
      exit(2)
      return
    }
    process.stderr.write(`${describeError(error)}\n`)
    exit(1)
  },
)
