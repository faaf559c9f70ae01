import { expect, it } from 'vitest'
import { get, WHARF } from '../cli/harness.ts'
import { serveWithWharfRun } from './serve-fixture.ts'

const cli = serveWithWharfRun(
  [],
  `
import { App } from '${WHARF}'
export const app = new App()
app.get('/ping', async () => ({ pong: true }))
app.get('/block/{ms}', (ctx) => {
  console.log(JSON.stringify({ msg: 'block started' }))
  const end = performance.now() + Number(ctx.path.ms)
  while (performance.now() < end);
  return { blocked: true }
})
`,
)

/** Blocks the server for `ms` and sends a ping (ids `block-<id>`, `ping-<id>`) while it is blocked. */
async function pingWhileBlocked(url: string, ms: number, id: string): Promise<void> {
  const from = cli.lines.length
  const blocked = get(`${url}/block/${ms}`, { 'x-request-id': `block-${id}` })
  await cli.waitForLine(/block started/, 10_000, from)
  const ping = await get(`${url}/ping`, { 'x-request-id': `ping-${id}` })
  expect(ping.status).toBe(200)
  expect((await blocked).status).toBe(200)
}

it('wharf run names the route that blocked the loop; requests behind it log their queueing delay', async () => {
  const url = await cli.servingUrl()
  await pingWhileBlocked(url, 600, '1')
  const first = JSON.parse(await cli.waitForLine(/"event":"event-loop-blocked".*"reqId":"block-1"/))
  // The timer saw it; one request was running: it is named.
  expect(first).toMatchObject({
    level: 40,
    attributed: false,
    method: 'GET',
    route: '/block/{ms}',
    reqId: 'block-1',
  })
  expect(first.msg).toMatch(
    /^Event loop blocked for \d+ ms while GET \/block\/\{ms\} \(request block-1\) was running: /,
  )
  // The ping was sent during the block: the access log says how long it may have waited unseen.
  const ping = JSON.parse(await cli.waitForLine(/"reqId":"ping-1"/))
  expect(ping).toMatchObject({ method: 'GET', path: '/ping', status: 200 })
  expect(ping.queuedMs).toBeGreaterThan(300)
  expect(ping.msg).toBe(
    `GET /ping 200 ${ping.duration}ms (queued up to ${ping.queuedMs}ms behind a blocked event loop)`,
  )
  const blockLine = JSON.parse(await cli.waitForLine(/"reqId":"block-1","method"/))
  expect(blockLine.queuedMs).toBeUndefined()

  // After a block, every callback is timed for a while: the next one is pinned on its route directly.
  const from = cli.lines.length
  await pingWhileBlocked(url, 300, '2')
  const second = JSON.parse(
    await cli.waitForLine(/"event":"event-loop-blocked".*"attributed":true.*"reqId":"block-2"/, 10_000, from),
  )
  expect(second).toMatchObject({ attributed: true, method: 'GET', route: '/block/{ms}', reqId: 'block-2' })
  cli.child.kill('SIGTERM')
  expect((await cli.exited).code).toBe(0)
}, 60_000)
