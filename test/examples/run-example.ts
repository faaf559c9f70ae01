import { execFile, spawn } from 'node:child_process'
import { once } from 'node:events'
import { fileURLToPath } from 'node:url'

/** Absolute path of an example under examples/seed/. */
export const examplePath = (name: string) =>
  fileURLToPath(new URL(`../../examples/seed/${name}`, import.meta.url))

/** What a finished example printed. */
export interface ExampleRun {
  code: number | null
  stdout: string
  stderr: string
}

/** Runs `node examples/seed/<name> [args]` to completion, exactly as the header comment says to. */
export function runExample(name: string, args: string[] = [], timeoutMs = 15_000): Promise<ExampleRun> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [examplePath(name), ...args],
      { timeout: timeoutMs },
      (error, stdout, stderr) => {
        resolve({ code: error ? (typeof error.code === 'number' ? error.code : null) : 0, stdout, stderr })
      },
    )
  })
}

/**
 * Starts a serving example, collects its stdout until `until` matches a line, then stops it. For
 * examples that print, then listen forever.
 */
export async function runServingExample(name: string, until: RegExp, env: Record<string, string> = {}) {
  const child = spawn(process.execPath, [examplePath(name)], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let stdout = ''
  let stderr = ''
  child.stderr.on('data', (chunk) => (stderr += chunk))
  try {
    await new Promise<void>((resolve, reject) => {
      child.stdout.on('data', (chunk) => {
        stdout += chunk
        if (until.test(stdout)) resolve()
      })
      child.once('exit', (code) =>
        reject(new Error(`${name} exited (${code}) before printing ${until}: ${stderr}`)),
      )
    })
  } finally {
    if (child.exitCode === null) {
      child.kill()
      await once(child, 'exit')
    }
  }
  return stdout
}
