import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { RunningServer } from 'wharfjs'
import { TestClient } from 'wharfjs/testing'
import { createTriangleApp, simpleGenerator, take, triangle } from '../../examples/seed/generators.ts'
import { runServingExample } from './run-example.ts'

const binomial = (n: number, k: number): number => (k === 0 ? 1 : (binomial(n, k - 1) * (n - k + 1)) / k)

describe('examples/seed/generators.ts', () => {
  it('simpleGenerator() runs nothing until next(), then runs up to the next yield each time', () => {
    const log: string[] = []
    const steps = simpleGenerator((line) => log.push(line))
    expect(log).toEqual([])
    expect(steps.next()).toEqual({ value: 1, done: false })
    expect(log).toEqual(['step 1'])
    expect(steps.next()).toEqual({ value: 2, done: false })
    expect(log).toEqual(['step 1', 'step 2'])
    expect(steps.next()).toEqual({ value: 3, done: false })
    expect(steps.next()).toEqual({ value: 'done', done: true })
    expect(log).toEqual(['step 1', 'step 2', 'step 3'])
  })

  it("triangle() yields Pascal's triangle: the first five rows exactly", () => {
    expect(take(triangle(), 5)).toEqual([[1], [1, 1], [1, 2, 1], [1, 3, 3, 1], [1, 4, 6, 4, 1]])
  })

  it('triangle() row n holds the binomial coefficients C(n, k), however far it is taken', () => {
    const rows = take(triangle(), 20)
    expect(rows).toHaveLength(20)
    for (const [n, row] of rows.entries())
      expect(row).toEqual(Array.from({ length: n + 1 }, (_, k) => binomial(n, k)))
  })

  it('prints the generator steps and the first five rows when run', async () => {
    const stdout = await runServingExample('generators.ts', /streaming rows as NDJSON on .*\n/, { PORT: '0' })
    expect(stdout.split('\n').slice(0, 15)).toEqual([
      'simpleGenerator() created: nothing has run yet',
      '  (generator runs: step 1)',
      'next() -> {"value":1,"done":false}',
      '  (generator runs: step 2)',
      'next() -> {"value":2,"done":false}',
      '  (generator runs: step 3)',
      'next() -> {"value":3,"done":false}',
      'next() -> {"value":"done","done":true}',
      "Pascal's triangle, first 5 rows of an infinite generator:",
      '  [1]',
      '  [1,1]',
      '  [1,2,1]',
      '  [1,3,3,1]',
      '  [1,4,6,4,1]',
      expect.stringMatching(/^streaming rows as NDJSON on http:\/\/127\.0\.0\.1:\d+\/triangle\?rows=5$/),
    ])
  })

  describe('GET /triangle?rows=N', () => {
    const produced: number[][] = []
    let server: RunningServer
    beforeAll(async () => {
      server = await createTriangleApp({ rowDelayMs: 400, onRow: (row) => produced.push(row) }).listen({
        host: '127.0.0.1',
        port: 0,
      })
    })
    afterAll(() => server.close())

    it('streams each row as NDJSON as soon as it is produced, before the next exists', async () => {
      produced.length = 0
      const response = await fetch(`${server.url}/triangle?rows=5`)
      expect(response.status).toBe(200)
      expect(response.headers.get('content-type')).toBe('application/jsonl')
      expect(response.headers.get('transfer-encoding')).toBe('chunked')
      const lines: string[] = []
      const producedWhenReceived: number[] = []
      let pending = ''
      const decoder = new TextDecoder()
      for await (const chunk of response.body!) {
        pending += decoder.decode(chunk, { stream: true })
        for (let end = pending.indexOf('\n'); end >= 0; end = pending.indexOf('\n')) {
          lines.push(pending.slice(0, end))
          producedWhenReceived.push(produced.length)
          pending = pending.slice(end + 1)
        }
      }
      expect(lines.map((line) => JSON.parse(line))).toEqual([
        { row: 1, values: [1] },
        { row: 2, values: [1, 1] },
        { row: 3, values: [1, 2, 1] },
        { row: 4, values: [1, 3, 3, 1] },
        { row: 5, values: [1, 4, 6, 4, 1] },
      ])
      // Row k reached the client while the server had produced k rows: nothing was buffered to the end.
      expect(producedWhenReceived).toEqual([1, 2, 3, 4, 5])
    })

    it('validates rows like FastAPI: 0 is a 422 naming ["query", "rows"]', async () => {
      const res = await new TestClient(createTriangleApp()).get('/triangle', { query: { rows: 0 } })
      expect(res.status).toBe(422)
      expect(res.json().detail[0].loc).toEqual(['query', 'rows'])
      expect(res.json().detail[0].type).toBe('greater_than_equal')
    })
  })
})
