import { expect, it } from 'vitest'
import { get } from '../cli/harness.ts'
import { promtoolCheck } from './promtool.ts'
import { serveWithWharfRun } from './serve-fixture.ts'

const cli = serveWithWharfRun(['--workers', '2', '--metrics', '--no-access-log'])

it('wharf run --workers 2 --metrics: one scrape returns both workers’ requests, aggregated', async () => {
  const url = await cli.servingUrl()
  const firstServing = cli.lines.findIndex((line) => /Serving on/.test(line))
  await cli.waitForLine(/Serving on/, 10_000, firstServing + 1) // the second worker
  const pids = new Set<number>()
  for (let i = 0; i < 10; i++) pids.add(JSON.parse((await get(`${url}/pid`)).body).pid)
  expect(pids.size).toBe(2)
  const scrape = await get(`${url}/metrics`)
  expect(scrape.status).toBe(200)
  // Ten requests, spread over two workers: only an aggregate of both counts them all.
  expect(scrape.body).toContain('http_requests_total{method="GET",route="/pid",status="200"} 10\n')
  expect(await promtoolCheck(scrape.body)).toEqual({ code: 0, output: '' })
  // Not in the document.
  const document = JSON.parse((await get(`${url}/openapi.json`)).body)
  expect(Object.keys(document.paths)).not.toContain('/metrics')
  cli.child.kill('SIGTERM')
  expect((await cli.exited).code).toBe(0)
}, 60_000)
