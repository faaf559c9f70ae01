/**
 * Hono on @hono/node-server: hono/validator with hand-written checks (no schema validator package is
 * installed), and fetch() for the proxy, as Hono's docs show.
 */
import { serve } from '@hono/node-server'
import { Hono } from 'hono'
import { validator } from 'hono/validator'
import {
  announce,
  checkItem,
  checkOrder,
  closeSession,
  HELLO,
  HOST,
  openSession,
  PORT,
  PROXY_FAILED,
  parseInteger,
  type Session,
  sleepOneSecond,
  UPSTREAM,
} from './common.ts'

const app = new Hono<{ Variables: { session: Session } }>()
const upstreamData = `${UPSTREAM}/data`

app.get('/', (c) => c.json(HELLO))

app.get(
  '/items/:id',
  validator('param', (value, c) => {
    const id = parseInteger(value.id ?? '')
    return id === undefined ? c.json({ detail: 'Invalid id' }, 422) : { id }
  }),
  (c) => c.json({ id: c.req.valid('param').id, q: c.req.query('q') }),
)

app.post(
  '/items',
  validator('json', (value, c) => checkItem(value) ?? c.json({ detail: 'Invalid item' }, 422)),
  (c) => c.json(c.req.valid('json'), 201),
)

// The deps route with a middleware: the session opened before the handler, closed after it.
app.use('/orders', async (c, next) => {
  const session = openSession()
  c.set('session', session)
  try {
    await next()
  } finally {
    closeSession(session)
  }
})
app.post(
  '/orders',
  validator('json', (value, c) => checkOrder(value) ?? c.json({ detail: 'Invalid order' }, 422)),
  (c) => {
    const { item, qty } = c.req.valid('json')
    return c.json({ item, qty, session: c.get('session').state }, 201)
  },
)

app.get('/sleep', async (c) => {
  await sleepOneSecond()
  return c.json(HELLO)
})

app.get('/proxy', async (c) => {
  const res = await fetch(upstreamData)
  if (res.status !== 200) {
    await res.body?.cancel()
    return c.json(PROXY_FAILED, 502)
  }
  // The upstream's bytes as they are, like every proxy peer (see node.ts).
  return c.body(await res.arrayBuffer(), 200, {
    'content-type': res.headers.get('content-type') ?? 'application/json',
  })
})

serve({ fetch: app.fetch, port: PORT, hostname: HOST }, (info) => announce(info.port))
