/** Wharf, as a user writes it: typed params, a body schema, a response schema, default listen options. */
import { App, HTTPException, t } from 'wharf'
import { announce, HELLO, HOST, PORT, sleepOneSecond } from './common.ts'

const app = new App({ logger: false })

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

app.get('/sleep', async () => {
  await sleepOneSecond()
  return HELLO
})

// PENDING: the proxy route goes through wharf/http's HttpClient once it lands (issue 5).
app.get('/proxy', async () => {
  throw new HTTPException(501, 'wharf/http is not available yet')
})

const server = await app.listen({ port: PORT, host: HOST })
announce(server.port)
