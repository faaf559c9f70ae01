import { afterAll } from 'vitest'
import { fixtureApp } from '../cli/fixture-app.ts'
import { CliProcess, tempFolder } from '../cli/harness.ts'

/**
 * `wharf run` on 127.0.0.1, a free port, with `options`, serving `source` (the CLI tests' fixture app
 * by default); killed and cleaned up after the file's tests.
 */
export function serveWithWharfRun(options: string[], source = fixtureApp): CliProcess {
  const folder = tempFolder()
  const appFile = folder.write('app.ts', source)
  const cli = new CliProcess(['run', appFile, '--host', '127.0.0.1', '--port', '0', ...options])
  afterAll(() => {
    cli.kill()
    folder.cleanup()
  })
  return cli
}
