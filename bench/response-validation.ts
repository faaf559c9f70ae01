/**
 * What checking return values against the response schema costs (issue 12): the same route, served
 * with `validateResponses: true` and `false`, each in its own process, measured with autocannon in
 * alternating short rounds; prints req/s per round and the median ratio (bounded: 5 rounds × 2 modes
 * × 2 s). Also times the serializer alone, in process: µs per response with and without the check.
 *
 *   npm run build && node bench/response-validation.ts
 */
import { fork } from 'node:child_process'
import autocannon from 'autocannon'
import { App, t } from 'wharfjs'
import { compileSerializers } from '../src/route/serialize.ts'
import { NO_REFS } from '../src/schema/refs.ts'

const Item = t.Object({
  id: t.Integer(),
  name: t.String({ minLength: 1 }),
  price: t.Number({ exclusiveMinimum: 0 }),
  inStock: t.Boolean(),
  tags: t.Array(t.String(), { maxItems: 10 }),
  owner: t.Object({ username: t.String(), fullName: t.Union([t.String(), t.Null()]) }),
})
const item = {
  id: 42,
  name: 'Hammer',
  price: 12.5,
  inStock: true,
  tags: ['tools', 'hardware', 'steel'],
  owner: { username: 'ann', fullName: null },
}

async function serve(validate: boolean): Promise<void> {
  const app = new App({ logger: false, validateResponses: validate })
  app.get('/items/{id}', { path: { id: t.Integer() }, response: Item }, () => item)
  const server = await app.listen({ port: 0, host: '127.0.0.1' })
  process.send?.(server.url)
}

function start(validate: boolean): Promise<{ url: string; stop: () => void }> {
  const child = fork(new URL(import.meta.url), ['serve', String(validate)])
  return new Promise((resolve) =>
    child.once('message', (url) => resolve({ url: String(url), stop: () => child.kill() })),
  )
}

async function measure(url: string): Promise<number> {
  const result = await autocannon({ url: `${url}/items/42`, connections: 32, duration: 2 })
  return result.requests.average
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!

/** µs per serialization, median of 5 batches of 100,000. */
function timeSerializer(validate: boolean): number {
  const serialize = compileSerializers(Item, 200, 'bench', { validate, refs: NO_REFS }).get(200)!
  const batches: number[] = []
  for (let batch = 0; batch < 5; batch++) {
    const started = process.hrtime.bigint()
    for (let i = 0; i < 100_000; i++) serialize(item)
    batches.push(Number(process.hrtime.bigint() - started) / 1e3 / 100_000)
  }
  return median(batches)
}

if (process.argv[2] === 'serve') await serve(process.argv[3] === 'true')
else {
  const plain = timeSerializer(false)
  const checked = timeSerializer(true)
  console.log(
    `serializer alone: ${plain.toFixed(3)} µs without, ${checked.toFixed(3)} µs with validation (+${(checked - plain).toFixed(3)} µs per response)`,
  )
  const on = await start(true)
  const off = await start(false)
  const ratios: number[] = []
  for (let round = 1; round <= 5; round++) {
    // Alternate which goes first, so a neighbour's burst does not always hit the same mode.
    let without: number
    let with_: number
    if (round % 2 === 1) {
      without = await measure(off.url)
      with_ = await measure(on.url)
    } else {
      with_ = await measure(on.url)
      without = await measure(off.url)
    }
    ratios.push(with_ / without)
    console.log(
      `round ${round}: without ${without.toFixed(0)} req/s, with ${with_.toFixed(0)} req/s, ratio ${(with_ / without).toFixed(3)}`,
    )
  }
  console.log(`median ratio (with / without validation): ${median(ratios).toFixed(3)}`)
  on.stop()
  off.stop()
}
