/**
 * Generators, the mechanism under coroutines: a function that pauses at each `yield` and resumes on
 * `next()`; Pascal's triangle as an infinite generator; and a route that streams the triangle's rows
 * as NDJSON from an async generator, so the client receives each row as soon as it is produced.
 *
 * Run: npm run build && node examples/seed/generators.ts   (then: curl -N 'http://127.0.0.1:8081/triangle?rows=8')
 */
import { setTimeout as sleep } from 'node:timers/promises'
import { App, jsonl, t } from 'wharfjs'

/** Pauses at every `yield`: the code between two yields runs only when the caller asks for the next value. */
export function* simpleGenerator(log: (line: string) => void): Generator<number, string> {
  log('step 1')
  yield 1
  log('step 2')
  yield 2
  log('step 3')
  yield 3
  return 'done'
}

/** The rows of Pascal's triangle, forever: each row is built from the previous one on demand. */
export function* triangle(): Generator<number[], never> {
  let row = [1]
  for (;;) {
    yield row
    row = [1, ...row.slice(1).map((value, i) => value + (row[i] ?? 0)), 1]
  }
}

/** The first `count` values of an iterator; the rest is never computed. */
export function take<T>(source: Iterator<T>, count: number): T[] {
  const taken: T[] = []
  while (taken.length < count) {
    const step = source.next()
    if (step.done) break
    taken.push(step.value)
  }
  return taken
}

/** Options of the streaming app. */
export interface TriangleAppOptions {
  /** Pause before each row after the first, standing in for work that produces rows one by one. */
  rowDelayMs?: number
  /** Called as each row is produced, before it is sent; tests use it to see production and delivery. */
  onRow?: (row: number[]) => void
}

/** An app whose `/triangle?rows=N` streams the first N rows as application/jsonl. */
export function createTriangleApp(options: TriangleAppOptions = {}): App {
  const { rowDelayMs = 200, onRow } = options
  const app = new App({ logger: false })
  app.get(
    '/triangle',
    { query: { rows: t.Integer({ minimum: 1, maximum: 30, default: 5 }) } },
    ({ query }) => {
      async function* rows() {
        const source = triangle()
        for (let n = 0; n < query.rows; n++) {
          if (n > 0) await sleep(rowDelayMs)
          const row = source.next().value
          onRow?.(row)
          yield { row: n + 1, values: row }
        }
      }
      return jsonl(rows())
    },
  )
  return app
}

if (import.meta.main) {
  const steps = simpleGenerator((line) => console.log(`  (generator runs: ${line})`))
  console.log('simpleGenerator() created: nothing has run yet')
  for (let i = 0; i < 4; i++) console.log(`next() -> ${JSON.stringify(steps.next())}`)

  console.log("Pascal's triangle, first 5 rows of an infinite generator:")
  for (const row of take(triangle(), 5)) console.log(`  ${JSON.stringify(row)}`)

  const server = await createTriangleApp().listen({
    host: '127.0.0.1',
    port: Number(process.env.PORT ?? 8081),
  })
  console.log(`streaming rows as NDJSON on ${server.url}/triangle?rows=5`)
}
