/**
 * Wharf, as a user writes it: typed params, a body schema, a response schema, wharf/http for the proxy,
 * default listen options.
 */
import { App, Depends, HTTPException, t } from 'wharfjs'
import { HttpClient } from 'wharfjs/http'
import {
  announce,
  closeSession,
  HELLO,
  HOST,
  openSession,
  PORT,
  PROXY_FAILED,
  sleepOneSecond,
  UPSTREAM,
  UPSTREAM_CONNECTIONS,
} from './common.ts'
import { observeForBench } from './observe.ts'

// bench/servers/wharf-logged.ts serves the same app with `wharf run`'s defaults: the app's logger
// (JSON lines on stdout), the access log and request ids. Fastify's default is no logger at all.
const runDefaults = process.env.WHARF_BENCH_RUN_DEFAULTS === '1'
const app = new App(runDefaults ? {} : { logger: false })
// Off unless WHARF_BENCH_OBSERVE names features (bench/observability-cost.ts measures what they cost).
observeForBench(app, process.env.WHARF_BENCH_OBSERVE)

const Item = t.Object({
  name: t.String({ minLength: 1 }),
  price: t.Number({ exclusiveMinimum: 0 }),
  tags: t.Array(t.String(), { maxItems: 10 }),
})

app.get('/', async () => HELLO)

app.get(
  '/items/{id}',
  { path: { id: t.Integer() }, query: { q: t.Optional(t.String()) } },
  async ({ path, query }) => ({ id: path.id, q: query.q }),
)

app.post('/items', { body: Item, response: Item, status: 201 }, async ({ body }) => body)

// The route a FastAPI service really has: a validated body, a request-scoped `yield` dependency whose
// teardown runs after the response, a response schema.
const Order = t.Object({ item: t.String({ minLength: 1 }), qty: t.Integer({ minimum: 1 }) })
const Receipt = t.Object({ item: t.String(), qty: t.Integer(), session: t.String() })
const session = Depends(async function* session() {
  const opened = openSession()
  try {
    yield opened
  } finally {
    closeSession(opened)
  }
})
app.post(
  '/orders',
  { body: Order, deps: { session }, response: Receipt, status: 201 },
  async ({ body, deps }) => ({ item: body.item, qty: body.qty, session: deps.session.state }),
)

app.get('/sleep', async () => {
  await sleepOneSecond()
  return HELLO
})

// The design document's external-API handler: the client's signal cancels the call if the client leaves.
// It returns the upstream's JSON unchanged, so it forwards the bytes as docs/http-client.md teaches
// (`res.json()` would parse them only to serialise them again).
const http = new HttpClient({ baseUrl: UPSTREAM, connections: UPSTREAM_CONNECTIONS })
app.get('/proxy', async ({ signal }) => {
  const res = await http.get('/data', { signal })
  if (res.status !== 200) throw new HTTPException(502, PROXY_FAILED.detail)
  return res.toResponse()
})

const server = await app.listen({ port: PORT, host: HOST, accessLog: runDefaults, requestId: runDefaults })
announce(server.port)
