import { afterAll, expect, it } from 'vitest'
import { fixtureApp } from './fixture-app.ts'
import { CliProcess, get, tempFolder } from './harness.ts'

const folder = tempFolder()
const appFile = folder.write('app.ts', fixtureApp)
const started: CliProcess[] = []

afterAll(() => {
  for (const cli of started) cli.kill()
  folder.cleanup()
})

const IN_FLIGHT = 50
/** Ctrl-C in a terminal is SIGINT to the group; systemd and `kill -TERM -PGID` send SIGTERM. */
const RUNS: NodeJS.Signals[] = ['SIGTERM', 'SIGINT', 'SIGTERM']

function startDetached(): CliProcess {
  const cli = new CliProcess(
    ['run', appFile, '--host', '127.0.0.1', '--port', '0', '--workers', '2'],
    {},
    { detached: true },
  )
  started.push(cli)
  return cli
}

/** The URL, once both workers are serving. */
async function bothServing(cli: CliProcess): Promise<string> {
  const url = await cli.servingUrl()
  await cli.waitForLine(/Serving on/, 10_000, cli.lines.findIndex((line) => /Serving on/.test(line)) + 1)
  return url
}

/** Waits until `count` requests logged "slow started" after line `from`. */
async function handlersStarted(cli: CliProcess, from: number, count: number): Promise<void> {
  const deadline = Date.now() + 15_000
  while (cli.lines.slice(from).filter((line) => /slow started/.test(line)).length < count) {
    if (Date.now() > deadline) throw new Error(`not all requests started:\n${cli.lines.join('\n')}`)
    await cli.waitForLine(/slow started/, 1_000, cli.lines.length).catch(() => undefined)
  }
}

/**
 * systemd's default stop (KillMode=control-group), Ctrl-C in a terminal and `kill -TERM -PGID` signal
 * every process of the group: each worker gets the signal itself *and* the primary's request to stop.
 * The second of those must not count as a "second signal" that forces an exit.
 */
it(`--workers 2, a signal to the whole process group: ${IN_FLIGHT} requests in flight all finish, exit 0 (${RUNS.length} runs)`, async () => {
  for (const [run, signal] of RUNS.entries()) {
    const cli = startDetached()
    const url = await bothServing(cli)
    const from = cli.lines.length
    const replies = Array.from({ length: IN_FLIGHT }, () => get(`${url}/slow/1500`))
    await handlersStarted(cli, from, IN_FLIGHT) // every request is in flight before the signal
    cli.signalGroup(signal)

    const settled = await Promise.allSettled(replies)
    const statuses = settled.map((each) =>
      each.status === 'fulfilled' ? each.value.status : each.reason.code,
    )
    expect(statuses).toEqual(Array(IN_FLIGHT).fill(200))
    const { code } = await cli.exited
    expect({ run, signal, code }).toEqual({ run, signal, code: 0 })
    expect(cli.records.filter((record) => /Second signal/.test(record.msg))).toEqual([])
    expect(cli.records.filter((record) => record.msg === 'Shutdown complete')).toHaveLength(2)
  }
}, 90_000) // three starts and drains of a 2-worker server on a loaded machine; every wait inside is bounded

it('a second Ctrl-C to the group still stops everything at once, exit 130', async () => {
  const cli = startDetached()
  const url = await bothServing(cli)
  const from = cli.lines.length
  const slow = get(`${url}/slow/20000`).catch((error) => error.code)
  await handlersStarted(cli, from, 1)
  cli.signalGroup('SIGINT')
  await cli.waitForLine(/Shutting down/, 5_000, from)
  cli.signalGroup('SIGINT')
  expect((await cli.exited).code).toBe(130)
  expect(await slow).toBe('ECONNRESET')
}, 30_000)
