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
  const cli = new CliProcess(['run', appFile, '--host', '127.0.0.1', '--port', '0', '--workers', '2'])
  started.push(cli)
  return cli
}

/** The URL, once both workers are serving. */
async function bothServing(cli: CliProcess): Promise<string> {
  await cli.waitForLines(/Worker \d+ ready/, 2)
  return cli.servingUrl()
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
    await cli.waitForLines(/slow started/, IN_FLIGHT, 15_000, from) // every request is in flight before the signal
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
  await cli.waitForLine(/slow started/, 15_000, from)
  cli.signalGroup('SIGINT')
  await cli.waitForLine(/Shutting down/, 5_000, from)
  cli.signalGroup('SIGINT')
  expect((await cli.exited).code).toBe(130)
  expect(await slow).toBe('ECONNRESET')
}, 30_000)
