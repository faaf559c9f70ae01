import { afterAll, expect, it } from 'vitest'
import { CliProcess, get, tempFolder, WHARF } from './harness.ts'
import { startLoad } from './load.ts'

const folder = tempFolder()
const versioned = (version: string) => `
import { App } from '${WHARF}'
export const app = new App()
app.get('/version', async () => ({ version: '${version}' }))
`
const appFile = folder.write('app.ts', versioned('one'))
const cli = new CliProcess(['run', appFile, '--host', '127.0.0.1', '--port', '0', '--workers', '2'])

afterAll(() => {
  cli.kill()
  folder.cleanup()
})

/** Sends SIGHUP and waits for the line (after this point) that says how the reload ended. */
async function reload(outcome: RegExp): Promise<Record<string, any>> {
  const from = cli.lines.length
  cli.child.kill('SIGHUP')
  return JSON.parse(await cli.waitForLine(outcome, 30_000, from))
}

it('SIGHUP reloads the workers one at a time under load: new code served, 0 failed requests; broken new code leaves the old workers serving', async () => {
  await cli.waitForLines(/Worker \d+ ready/, 2)
  const url = await cli.servingUrl()
  expect((await get(`${url}/version`)).body).toBe('{"version":"one"}')

  const load = startLoad(url, { requests: [{ path: '/version' }] })
  folder.write('app.ts', versioned('two'))
  const done = await reload(/Reload complete|Reload stopped/)
  expect(done.msg).toBe('Reload complete: every worker runs the new code')
  for (let i = 0; i < 6; i++) expect((await get(`${url}/version`)).body).toBe('{"version":"two"}')

  folder.write('app.ts', `import { App } from '${WHARF}'\nthrow new Error('broken on purpose')\n`)
  const stopped = await reload(/Reload complete|Reload stopped/)
  expect(stopped).toMatchObject({ level: 50 })
  expect(stopped.msg).toBe(
    'Reload stopped: the new code failed to start (Error: broken on purpose); the old workers keep serving',
  )
  expect(stopped.error).toMatch(/^Error: broken on purpose\n\s+at /)
  for (let i = 0; i < 6; i++) expect((await get(`${url}/version`)).body).toBe('{"version":"two"}')

  const report = await load.stop()
  expect(report.failures).toEqual([])
  expect(report.bodies.get('{"version":"one"}')).toBeGreaterThan(0)
  expect(report.bodies.get('{"version":"two"}')).toBeGreaterThan(0)
  // One request's duration plus a worker's start, with a generous margin for a loaded machine.
  expect(report.slowestMs).toBeLessThan(10_000)
  console.log(
    `reload under load: ${report.ok} requests, ${report.failures.length} failed, slowest ${Math.round(report.slowestMs)} ms`,
  )

  cli.child.kill('SIGTERM')
  expect((await cli.exited).code).toBe(0)
}, 90_000)
