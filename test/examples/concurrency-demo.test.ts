import { describe, expect, it } from 'vitest'
import { percentile } from '../../examples/seed/concurrency-demo.ts'
import { runExample } from './run-example.ts'

/** The numbers the demo printed, in seconds. */
function parseDemo(stdout: string) {
  const field = (label: string) => stdout.match(new RegExp(`^${label}:\\s+(.*)$`, 'm'))?.[1]
  const seconds = (text: string | undefined, name: string) =>
    Number(text?.match(new RegExp(`${name} ([\\d.]+) s`))?.[1] ?? Number.NaN)
  const latency = field('latency')
  return {
    requests: field('requests'),
    statuses: JSON.parse(field('statuses') ?? 'null'),
    bodies: field('bodies'),
    wall: Number(field('wall time')?.match(/^([\d.]+) s/)?.[1] ?? Number.NaN),
    min: seconds(latency, 'min'),
    p50: seconds(latency, 'p50'),
    p99: seconds(latency, 'p99'),
    max: seconds(latency, 'max'),
  }
}

describe('examples/seed/concurrency-demo.ts', () => {
  it('serves 1,000 concurrent one-second requests in about 1 s of wall time (serially: 1,000 s), each taking at least 1 s', async () => {
    const run = await runExample('concurrency-demo.ts', ['--count', '1000'])
    expect(run.stderr).toBe('')
    expect(run.code).toBe(0)
    const report = parseDemo(run.stdout)
    expect(report.requests).toBe('1000 concurrent, each handler sleeping 1000 ms')
    expect(report.statuses).toEqual({ 200: 1000 })
    expect(report.bodies).toBe('{"Hello":"World"}')
    // The design's claim: about 1 s, not 1,000 s. The bound is generous because the test suite loads a
    // two-core machine (2.03 and 2.08 s were seen under load with a 2 s bound); 5 s still needs more
    // than 200 requests in flight at once, which a server handling them one by one cannot fake.
    expect(report.wall).toBeLessThan(5)
    expect(report.min).toBeGreaterThanOrEqual(0.99)
    expect(report.min).toBeLessThanOrEqual(report.p50)
    expect(report.p50).toBeLessThanOrEqual(report.p99)
    expect(report.p99).toBeLessThanOrEqual(report.max)
    expect(report.max).toBeLessThanOrEqual(report.wall)
  })

  it('percentile() picks the value at the quantile of a sorted list', () => {
    const sorted = [10, 20, 30, 40, 50, 60, 70, 80, 90, 100]
    expect(percentile(sorted, 0)).toBe(10)
    expect(percentile(sorted, 0.5)).toBe(60)
    expect(percentile(sorted, 0.99)).toBe(100)
    expect(percentile(sorted, 1)).toBe(100)
    expect(percentile([], 0.5)).toBeNaN()
  })
})
