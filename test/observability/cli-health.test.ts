import { afterAll, expect, it } from 'vitest'
import { fixtureApp } from '../cli/fixture-app.ts'
import { CliProcess, get, tempFolder } from '../cli/harness.ts'

const folder = tempFolder()
const appFile = folder.write('app.ts', fixtureApp)
const cli = new CliProcess([
  'run',
  appFile,
  '--host',
  '127.0.0.1',
  '--port',
  '0',
  '--health',
  '--drain-delay',
  '1s',
  '--no-access-log',
])

afterAll(() => {
  cli.kill()
  folder.cleanup()
})

it('wharf run --health --drain-delay: on SIGTERM readiness turns 503 while requests are still served, then it exits', async () => {
  const url = await cli.servingUrl()
  expect(await get(`${url}/readyz`)).toMatchObject({ status: 200, body: '{"status":"ready"}' })
  expect(await get(`${url}/livez`)).toMatchObject({ status: 200, body: '{"status":"ok"}' })
  cli.child.kill('SIGTERM')
  await cli.waitForLine(/Shutting down/)
  // Within the drain delay: the listener still accepts; readiness tells the load balancer to go away.
  expect(await get(`${url}/readyz`)).toMatchObject({ status: 503, body: '{"status":"draining"}' })
  expect(await get(`${url}/`)).toMatchObject({ status: 200, body: '{"Hello":"World"}' })
  expect((await cli.exited).code).toBe(0)
}, 30_000)
