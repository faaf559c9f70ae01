import { expect, it } from 'vitest'
import { get } from '../cli/harness.ts'
import { serveWithWharfRun } from './serve-fixture.ts'

const cli = serveWithWharfRun(['--health', '--drain-delay', '2s', '--no-access-log'])

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
