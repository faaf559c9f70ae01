import { afterAll, expect, it } from 'vitest'
import { fixtureApp } from './fixture-app.ts'
import { CliProcess, get, tempFolder } from './harness.ts'

const folder = tempFolder()
const appFile = folder.write('app.ts', fixtureApp)
const cli = new CliProcess(['run', appFile, '--host', '127.0.0.1', '--port', '0', '--workers', '2'])

afterAll(() => {
  cli.kill()
  folder.cleanup()
})

/**
 * Pids answering GET /pid on fresh connections, asked until `expected` different ones answered (at
 * most 50 times): the workers accept from one shared socket, and which one takes a connection is up
 * to the kernel.
 */
async function answeringPids(url: string, expected: number): Promise<Set<number>> {
  const pids = new Set<number>()
  for (let i = 0; i < 50 && pids.size < expected; i++)
    pids.add(JSON.parse((await get(`${url}/pid`)).body).pid)
  return pids
}

it('--workers 2: both workers answer; a killed worker is replaced; SIGTERM drains them all, exit 0', async () => {
  const url = await cli.servingUrl()
  const firstServing = cli.lines.findIndex((line) => /Serving on/.test(line))
  await cli.waitForLine(/Serving on/, 10_000, firstServing + 1) // the second worker
  const first = await answeringPids(url, 2)
  expect(first.size).toBe(2)
  expect(first.has(cli.child.pid!)).toBe(false)

  const [victim, survivor] = [...first] as [number, number]
  const from = cli.lines.length
  process.kill(victim, 'SIGKILL')
  const died = JSON.parse(await cli.waitForLine(/died/, 5_000, from))
  // It had served, so it is replaced at once (no backoff).
  expect(died).toMatchObject({
    level: 50,
    workerPid: victim,
    signal: 'SIGKILL',
    msg: `Worker ${victim} died (SIGKILL); starting a new one`,
  })
  await cli.waitForLine(/Serving on/, 10_000, from)

  const after = await answeringPids(url, 2)
  expect(after.size).toBe(2)
  expect(after.has(victim)).toBe(false)
  expect(after.has(survivor)).toBe(true)

  // The primary passes the stop on; a worker finishes what it is serving before exiting.
  const slow = get(`${url}/slow/800`)
  await cli.waitForLine(/slow started/)
  cli.child.kill('SIGTERM')
  expect(await slow).toMatchObject({ status: 200, body: '{"slept":800}' })
  const { code } = await cli.exited
  expect(code).toBe(0)
  expect(cli.records.filter((record) => record.msg === 'Shutdown complete')).toHaveLength(2)
  expect(cli.records.at(-1)?.msg).toBe('All workers stopped')
  // Never two `pid` keys on a line (JSON.parse would silently keep the last): it is the writer's.
  const pidCounts = cli.lines.map((line) => line.match(/"pid":/g)?.length ?? 0)
  expect(pidCounts.filter((count) => count > 1)).toEqual([])
  expect(cli.records.find((record) => record.msg === 'Started 2 workers')?.pid).toBe(cli.child.pid)
}, 60_000) // several process starts: generous on a loaded machine; each wait inside is bounded

it('WEB_CONCURRENCY sets the default number of workers', async () => {
  const fromEnv = new CliProcess(['run', appFile, '--host', '127.0.0.1', '--port', '0'], {
    WEB_CONCURRENCY: '2',
  })
  try {
    const started = JSON.parse(await fromEnv.waitForLine(/Started \d+ workers/))
    expect(started).toMatchObject({ workers: 2, msg: 'Started 2 workers' })
    fromEnv.child.kill('SIGTERM')
    expect((await fromEnv.exited).code).toBe(0)
  } finally {
    fromEnv.kill()
  }
}, 30_000)
