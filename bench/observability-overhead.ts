/**
 * The per-request CPU cost of observability features, measured in-process (no sockets, so noise from
 * other processes on a shared machine matters far less than in an HTTP benchmark): the bench app's
 * hello and items routes driven through `app.handle()`, with and without the features, in alternating
 * blocks. Prints the median added µs per request; divide by the HTTP bench's server CPU per request
 * (bench/RESULTS.md) for the share of a real request.
 *
 * Run: npm run build && node bench/observability-overhead.ts metrics [requests per block] [blocks]
 */
import type { IncomingHttpHeaders } from 'node:http'
import { App, type RequestView, t } from 'wharfjs'
import { median } from './lib/stats.ts'
import { observeForBench } from './servers/observe.ts'

const [features = 'metrics', perBlock = '20000', blocks = '15'] = process.argv.slice(2)

function benchApp(observe: string): App {
  const app = new App({ logger: false })
  observeForBench(app, observe)
  const Item = t.Object({ name: t.String({ minLength: 1 }), price: t.Number(), tags: t.Array(t.String()) })
  app.get('/', async () => ({ Hello: 'World' }))
  app.post('/items', { body: Item, response: Item, status: 201 }, async ({ body }) => body)
  return app.build()
}

const ITEM = Buffer.from(JSON.stringify({ name: 'Widget', price: 9.5, tags: ['tools', 'blue'] }))
const signal = new AbortController().signal

function view(method: string, url: string, headers: IncomingHttpHeaders, body?: Buffer): RequestView {
  return {
    method,
    url,
    headers,
    scheme: 'http',
    remoteAddress: '127.0.0.1',
    signal,
    id: 'bench',
    readBody: async () => body ?? Buffer.alloc(0),
    bodyStream: async function* () {
      if (body) yield body
    },
  }
}

const requests = {
  hello: () => view('GET', '/', { host: 'bench' }),
  items: () =>
    view(
      'POST',
      '/items',
      { host: 'bench', 'content-type': 'application/json', 'content-length': '55' },
      ITEM,
    ),
}

async function block(app: App, make: () => RequestView, count: number): Promise<number> {
  const started = process.cpuUsage()
  for (let i = 0; i < count; i++) {
    await app.handle(make())
    // Back to the event loop now and then, as a server does between socket reads (a loop that never
    // yields is what blocking detection reports).
    if (i % 64 === 0) await new Promise(setImmediate)
  }
  const used = process.cpuUsage(started)
  return (used.user + used.system) / count
}

for (const [name, make] of Object.entries(requests)) {
  const off = benchApp('')
  const on = benchApp(features)
  const times: Record<'off' | 'on', number[]> = { off: [], on: [] }
  await block(off, make, Number(perBlock)) // warm-up
  await block(on, make, Number(perBlock))
  for (let i = 0; i < Number(blocks); i++) {
    times.off.push(await block(off, make, Number(perBlock)))
    times.on.push(await block(on, make, Number(perBlock)))
  }
  const added = median(times.on) - median(times.off)
  console.log(
    `${name}: ${features}: +${added.toFixed(2)} µs/request in-process (median ${median(times.on).toFixed(2)} vs ${median(times.off).toFixed(2)} µs)`,
  )
}
