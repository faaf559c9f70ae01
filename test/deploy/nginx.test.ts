import { request } from 'node:http'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import WebSocket from 'ws'
import { CliProcess, get, getWhenUp, tempFolder, WHARF } from '../cli/harness.ts'
import { startLoad } from '../cli/load.ts'
import { documentedNginxConfig, findNginx, freePort, startNginx } from './nginx.ts'

const NGINX = findNginx()
if (NGINX === undefined && process.env.CI === 'true') {
  throw new Error(
    'nginx is not installed: .ci/run installs it (apt-get install nginx); CI must run this test',
  )
}

const appSource = `
import { App, t } from '${WHARF}'
const instance = process.env.INSTANCE
export const app = new App()
app.get('/instance', async () => ({ instance }))
app.post('/echo', { body: t.Object({ n: t.Integer() }) }, async ({ body }) => ({ instance, n: body.n }))
app.get('/whoami', async (ctx) => ({ client: ctx.request.remoteAddress, scheme: ctx.request.scheme, path: ctx.pathname }))
app.websocket('/ws', async ({ ws }) => {
  await ws.accept()
  await ws.sendText(instance)
  for await (const message of ws) await ws.sendText(message)
})
`

const folder = tempFolder()
const appFile = folder.write('app.ts', appSource)
const processes: { kill(): void }[] = []

interface Instance {
  name: string
  port: number
  cli: CliProcess
}

/** `wharf run` as the guide runs it behind nginx: 2 workers, --root-path /api. */
function startInstance(name: string, port: number): CliProcess {
  const cli = new CliProcess(
    ['run', appFile, '--host', '127.0.0.1', '--port', String(port), '--workers', '2', '--root-path', '/api'],
    { INSTANCE: name },
  )
  processes.push(cli)
  return cli
}

/** A WebSocket through nginx; resolves with the instance it landed on (the server's first message). */
function openSocket(url: string): Promise<{ instance: string; closed: Promise<number> }> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(url)
    const closed = new Promise<number>((done) => socket.on('close', (code) => done(code)))
    processes.push({ kill: () => socket.terminate() })
    socket.once('message', (data) => resolve({ instance: String(data), closed }))
    socket.once('error', reject)
  })
}

/** One GET on a fresh connection from `localAddress` (another loopback address than the proxy's). */
function getFrom(url: string, localAddress: string, headers: Record<string, string> = {}): Promise<string> {
  return new Promise((resolve, reject) => {
    const req = request(url, { localAddress, headers, agent: false }, (res) => {
      let body = ''
      res.setEncoding('utf8')
      res.on('data', (chunk) => (body += chunk))
      res.on('end', () => resolve(body))
    })
    req.on('error', reject)
    req.end()
  })
}

let stopNginx = async () => {}

afterAll(async () => {
  await stopNginx()
  for (const each of processes.reverse()) each.kill()
  folder.cleanup()
})

it("the guide's nginx configuration is examples/deploy/nginx.conf, word for word", () => {
  const { docs, example } = documentedNginxConfig()
  expect(docs).toBe(example)
})

describe.skipIf(NGINX === undefined)(
  `behind a real nginx${NGINX === undefined ? ' (skipped: nginx is not installed; apt-get install nginx)' : ''}`,
  () => {
    let instances: [Instance, Instance]
    let base: string
    let nginx: ReturnType<typeof startNginx>

    beforeAll(async () => {
      const [a, b, listen] = [await freePort(), await freePort(), await freePort()]
      instances = [
        { name: 'a', port: a, cli: startInstance('a', a) },
        { name: 'b', port: b, cli: startInstance('b', b) },
      ]
      nginx = startNginx(NGINX!, folder.dir, { listen, upstreams: [a, b] })
      stopNginx = nginx.stop
      base = `http://127.0.0.1:${listen}`
      for (const each of instances) await each.cli.waitForLines(/Worker \d+ ready/, 2)
      await getWhenUp(`${base}/api/instance`)
    }, 60_000)

    it('forwards the client address and scheme, and serves under the /api prefix', async () => {
      // The client connects from 127.0.0.2: nginx (on 127.0.0.1, trusted) forwards that address.
      const whoami = JSON.parse(await getFrom(`${base}/api/whoami`, '127.0.0.2'))
      expect(whoami).toEqual({ client: '127.0.0.2', scheme: 'http', path: '/whoami' })
      // A forged header from the client is not believed: 127.0.0.2 is not a trusted proxy.
      const forged = JSON.parse(
        await getFrom(`${base}/api/whoami`, '127.0.0.2', { 'x-forwarded-for': '203.0.113.9' }),
      )
      expect(forged.client).toBe('127.0.0.2')
      expect((await get(`${base}/api/openapi.json`)).status).toBe(200)
    })

    it('rolling restart (SIGTERM, start, ready, next) and a SIGHUP reload under load: 0 failed requests; WebSockets reconnect to the other instance', async () => {
      const load = startLoad(base, {
        requests: [{ path: '/api/instance' }, { path: '/api/echo', body: '{"n":7}' }],
      })
      const wsUrl = `ws://127.0.0.1:${new URL(base).port}/api/ws`
      let socket = await openSocket(wsUrl)
      const answeredBefore = load.sent()

      // Roll the instance the WebSocket is on first, then the other: it must move both times.
      const order = socket.instance === 'a' ? [0, 1] : [1, 0]
      const moves: string[] = [socket.instance]
      for (const index of order) {
        const instance = instances[index]!
        expect(instance.name).toBe(socket.instance)
        instance.cli.child.kill('SIGTERM')
        expect(await socket.closed).toBe(1001) // "going away"
        socket = await openSocket(wsUrl)
        moves.push(socket.instance)
        expect((await instance.cli.exited).code).toBe(0)
        instance.cli = startInstance(instance.name, instance.port)
        await instance.cli.waitForLines(/Worker \d+ ready/, 2)
      }
      expect(moves).toEqual(order[0] === 0 ? ['a', 'b', 'a'] : ['b', 'a', 'b'])
      const rolled = await load.stop()

      const reloadLoad = startLoad(base, {
        requests: [{ path: '/api/instance' }, { path: '/api/echo', body: '{"n":7}' }],
      })
      const from = instances[0].cli.lines.length
      instances[0].cli.child.kill('SIGHUP')
      await instances[0].cli.waitForLine(/Reload complete|Reload stopped/, 30_000, from)
      expect(instances[0].cli.lines.slice(from).join('\n')).toContain('Reload complete')
      // Keep the load on a little after the reload, as the last old worker drains.
      await new Promise((resolve) => setTimeout(resolve, 300))
      const reloaded = await reloadLoad.stop()

      // Requests nginx sent on to the other instance after a reset (see "Retries" in docs/deploy.md).
      const retried = nginx.errorLog().match(/prematurely closed|reset by peer/g)?.length ?? 0
      console.log(
        `nginx rolling restart: ${rolled.ok} requests, ${rolled.failures.length} failed; SIGHUP reload: ${reloaded.ok} requests, ${reloaded.failures.length} failed; resets retried by nginx: ${retried}`,
      )
      expect(rolled.failures).toEqual([])
      expect(reloaded.failures).toEqual([])
      expect(rolled.ok).toBeGreaterThan(answeredBefore)
      for (const name of ['a', 'b']) {
        expect(rolled.bodies.get(`{"instance":"${name}"}`)).toBeGreaterThan(0)
        expect(rolled.bodies.get(`{"instance":"${name}","n":7}`)).toBeGreaterThan(0)
      }
      expect(reloaded.ok).toBeGreaterThan(0)
    }, 120_000)
  },
)
