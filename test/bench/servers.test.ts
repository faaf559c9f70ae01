/**
 * The bench servers must answer every scenario identically (status and JSON body) and refuse invalid
 * input, or `npm run bench` compares different work. This starts each one, without load, so CI
 * catches a broken bench server long before anyone runs the benchmark.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { killAll, type RunningBenchServer, startServer } from '../../bench/lib/processes.ts'
import { scenarios, serversOf } from '../../bench/lib/scenarios.ts'
import { verifyScenario } from '../../bench/lib/verify.ts'

const running = new Map<string, RunningBenchServer>()

beforeAll(async () => {
  const upstream = await startServer('upstream', { cpu: null })
  running.set('upstream', upstream)
  const env = { UPSTREAM_URL: upstream.url }
  const names = [...new Set(scenarios.flatMap(serversOf))]
  const started = await Promise.all(names.map((name) => startServer(name, { cpu: null, env })))
  for (const server of started) running.set(server.name, server)
}, 30_000)

afterAll(async () => {
  await Promise.all([...running.values()].map((server) => server.stop()))
  killAll()
})

describe('bench servers', () => {
  it.each(scenarios.map((scenario) => [scenario.name, scenario] as const))(
    'all answer the %s scenario exactly as expected',
    async (_, scenario) => {
      const problems = await Promise.all(
        serversOf(scenario).map((name) => verifyScenario(name, running.get(name)!.url, scenario)),
      )
      expect(problems.flat()).toEqual([])
    },
  )
})
