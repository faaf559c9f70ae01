import { rmSync } from 'node:fs'
import { afterAll, expect, it } from 'vitest'
import { CliProcess, get, runCli, tempFolder, WHARF } from './harness.ts'

const folder = tempFolder()
const started: CliProcess[] = []

afterAll(() => {
  for (const cli of started) cli.kill()
  folder.cleanup()
})

function start(file: string): CliProcess {
  const cli = new CliProcess(['run', file, '--host', '127.0.0.1', '--port', '0', '--workers', '2'])
  started.push(cli)
  return cli
}

/** Worker pids from the "Worker N ready" lines after line `from`. */
async function readyWorkers(cli: CliProcess, count: number, from = 0): Promise<number[]> {
  await cli.waitForLines(/Worker \d+ ready/, count, 20_000, from)
  return cli.records
    .slice(from)
    .filter((record) => /^Worker \d+ ready$/.test(record.msg))
    .map((record) => record.workerPid)
}

it('every worker killed at once: new connections wait for the replacements instead of being refused', async () => {
  const appFile = folder.write(
    'pid.ts',
    `import { App } from '${WHARF}'\nexport const app = new App()\napp.get('/pid', async () => ({ pid: process.pid }))\n`,
  )
  const cli = start(appFile)
  const url = await cli.servingUrl()
  const workers = await readyWorkers(cli, 2)
  const from = cli.lines.length
  for (const pid of workers) process.kill(pid, 'SIGKILL')
  // Sent while no worker is alive: each one waits in the socket's queue.
  const replies = await Promise.allSettled(Array.from({ length: 20 }, () => get(`${url}/pid`)))
  const answered = replies.map((each) => (each.status === 'fulfilled' ? each.value.status : each.reason.code))
  expect(answered).toEqual(Array(20).fill(200))
  const pids = new Set(
    replies.map((each) => (each.status === 'fulfilled' ? JSON.parse(each.value.body).pid : 0)),
  )
  for (const pid of workers) expect(pids.has(pid)).toBe(false)
  const died = cli.records.slice(from).filter((record) => / died /.test(record.msg))
  expect(died.map((record) => record.workerPid).sort()).toEqual([...workers].sort())
  expect(died[0]).toMatchObject({
    level: 50,
    signal: 'SIGKILL',
    msg: `Worker ${died[0]!.workerPid} died (SIGKILL); starting a new one`,
  })
  cli.child.kill('SIGTERM')
  expect((await cli.exited).code).toBe(0)
}, 60_000)

it('an app that crashes on start: retried with backoff, then reported with its error, exit 1', async () => {
  const appFile = folder.write('crash.ts', `throw new Error('database unreachable')\n`)
  const { code, stdout } = await runCli([
    'run',
    appFile,
    '--host',
    '127.0.0.1',
    '--port',
    '0',
    '--workers',
    '2',
  ])
  expect(code).toBe(1)
  const records = stdout.split('\n').flatMap((line) => (line.startsWith('{') ? [JSON.parse(line)] : []))
  const retries = records.filter((record) => /failed to start/.test(record.msg))
  expect(retries[0]).toMatchObject({ level: 50, attempt: 1, restartIn: 100 })
  expect(retries[0].msg).toMatch(
    /^Worker \d+ failed to start: Error: database unreachable; retrying in 100 ms$/,
  )
  expect(retries[0].error).toMatch(/^Error: database unreachable\n\s+at /)
  expect(
    retries.filter((record) => record.workerPid !== undefined).map((record) => record.restartIn),
  ).toContain(800)
  const fatal = records.at(-1)
  expect(fatal).toMatchObject({ level: 60, attempts: 5 })
  expect(fatal.msg).toBe(
    'The app crashes on start: Error: database unreachable. Gave up after 5 failed starts in a row, with no worker serving',
  )
}, 60_000)

it('a worker that cannot start again while the other serves: retried (capped backoff), the service stays up, and recovers', async () => {
  const marker = `${folder.dir}/fail-on-start`
  const appFile = folder.write(
    'flaky.ts',
    `import { existsSync } from 'node:fs'
import { App } from '${WHARF}'
if (existsSync(${JSON.stringify(marker)})) throw new Error('config missing')
export const app = new App()
app.get('/pid', async () => ({ pid: process.pid }))
`,
  )
  const cli = start(appFile)
  const url = await cli.servingUrl()
  const [victim] = await readyWorkers(cli, 2)
  folder.write('fail-on-start', '')
  const from = cli.lines.length
  process.kill(victim!, 'SIGKILL')
  // As many failures as make a lone crash loop give up: with a worker serving, it keeps trying.
  await cli.waitForLines(/failed to start/, 5, 30_000, from)
  for (let i = 0; i < 4; i++) expect((await get(`${url}/pid`)).status).toBe(200)
  const retries = cli.records.slice(from).filter((record) => /failed to start/.test(record.msg))
  expect(retries.map((record) => record.restartIn)).toEqual([100, 200, 400, 800, 1600])
  const recovering = cli.lines.length
  rmSync(marker)
  await readyWorkers(cli, 1, recovering)
  cli.child.kill('SIGTERM')
  expect((await cli.exited).code).toBe(0)
}, 60_000)
