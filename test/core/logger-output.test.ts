/**
 * The default logger's stdout: lines of one event-loop turn leave together, none is held past its
 * turn, and lines pending at exit are written (see src/log-destination.ts). Each case runs a real
 * process, since stdout is what is under test.
 */
import { spawn } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'

const dist = fileURLToPath(new URL('../../dist/index.js', import.meta.url))

/** Runs `code` (an ES module importing App from wharfjs as `App`) and returns its stdout lines as records. */
function run(
  code: string,
): Promise<{ records: Record<string, unknown>[]; stdout: string; code: number | null }> {
  const source = `import { App } from ${JSON.stringify(dist)}\n${code}`
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--input-type=module', '-e', source], {
      env: { ...process.env, WHARF_LOG_LEVEL: 'info', AWS_LAMBDA_FUNCTION_NAME: '' },
      stdio: ['ignore', 'pipe', 'inherit'],
    })
    let stdout = ''
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString()
    })
    const timer = setTimeout(() => child.kill('SIGKILL'), 15_000)
    child.on('error', reject)
    child.on('close', (exitCode) => {
      clearTimeout(timer)
      const records = stdout
        .split('\n')
        .filter(Boolean)
        .map((line) => JSON.parse(line) as Record<string, unknown>)
      resolve({ records, stdout, code: exitCode })
    })
  })
}

describe('createLogger: the default stdout destination', () => {
  it('writes every line of a turn, in order, even when the process exits in that turn', async () => {
    const { records, code } = await run(`
      const app = new App()
      for (let i = 0; i < 500; i++) app.log.info({ i }, 'line')
      process.exit(3)
    `)
    expect(code).toBe(3)
    expect(records.map((record) => record.i)).toEqual(Array.from({ length: 500 }, (_, i) => i))
  })

  it('does not hold a line past its turn (logs stay live at low traffic)', async () => {
    const { records } = await run(`
      import { writeSync } from 'node:fs'
      const app = new App()
      app.log.info('first')
      setTimeout(() => {
        // Written around the logger: it can only come after "first" if that line already left.
        writeSync(1, JSON.stringify({ msg: 'marker' }) + '\\n')
        app.log.info('second')
      }, 20)
    `)
    expect(records.map((record) => record.msg)).toEqual(['first', 'marker', 'second'])
  })

  it('shares one destination between apps, so their lines keep their order', async () => {
    const { records } = await run(`
      const one = new App()
      const two = new App()
      one.log.info('a'); two.log.info('b'); one.log.info('c')
    `)
    expect(records.map((record) => record.msg)).toEqual(['a', 'b', 'c'])
  })
})
