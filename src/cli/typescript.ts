import { spawn } from 'node:child_process'
import { CommandError } from './usage-error.ts'

/**
 * Node 22.6–22.17 can run TypeScript only behind `--experimental-strip-types` (from 22.18 and 23.6 it
 * is on by default). When a .ts app must be loaded and this Node has the flag but not the default,
 * the command re-runs itself with the flag and mirrors the child's exit code. Returns undefined when
 * nothing needs doing (the caller goes on in this process).
 *
 * @example
 * const code = await rerunWithTypeScript('app.ts')
 * if (code !== undefined) process.exit(code)
 */
export async function rerunWithTypeScript(file: string): Promise<number | undefined> {
  // `process.features.typescript` appeared in 22.10: the flag itself says so on 22.6–22.9.
  const stripping = process.features.typescript || process.execArgv.includes('--experimental-strip-types')
  if (!/\.[mc]?ts$/.test(file) || stripping) return undefined
  const [major = 0, minor = 0] = process.versions.node.split('.').map(Number)
  if (major < 22 || (major === 22 && minor < 6)) {
    throw new CommandError(
      `Node ${process.versions.node} cannot load TypeScript files; use Node >= 22.6 or compile the app to JavaScript`,
    )
  }
  const child = spawn(
    process.execPath,
    [
      '--experimental-strip-types',
      '--no-warnings=ExperimentalWarning',
      ...process.execArgv,
      ...process.argv.slice(1),
    ],
    {
      stdio: 'inherit',
    },
  )
  // Signals a terminal sends reach the child too; the others (kill, docker stop) are passed on.
  process.on('SIGTERM', () => child.kill('SIGTERM'))
  process.on('SIGINT', () => {})
  const [code, signal] = await new Promise<[number | null, NodeJS.Signals | null]>((resolve) =>
    child.on('exit', (exitCode, exitSignal) => resolve([exitCode, exitSignal])),
  )
  return code ?? (signal ? 128 + 15 : 1)
}
