import { execFile } from 'node:child_process'

/** Debian's prometheus package puts it here; .ci/run installs it. */
export const PROMTOOL = '/usr/bin/promtool'

/** Runs `promtool check metrics` on an exposition; resolves with its exit code and output. */
export function promtoolCheck(exposition: string): Promise<{ code: number; output: string }> {
  return new Promise((resolve) => {
    const child = execFile(PROMTOOL, ['check', 'metrics'], { timeout: 10_000 }, (error, stdout, stderr) => {
      const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0
      resolve({ code, output: stdout + stderr })
    })
    child.stdin!.end(exposition)
  })
}
