/**
 * Fastify 5 as its docs recommend: JSON schemas for params, querystring and body (Ajv), a response
 * schema (fast-json-stringify), undici for the proxy. Validation errors answer 422 like the others.
 */
import type { AddressInfo } from 'node:net'
import Fastify, { type FastifyError } from 'fastify'
import { Pool } from 'undici'
import {
  announce,
  closeSession,
  HELLO,
  HOST,
  openSession,
  PORT,
  PROXY_FAILED,
  type Session,
  sleepOneSecond,
  UPSTREAM,
  UPSTREAM_CONNECTIONS,
} from './common.ts'

const upstream = new Pool(UPSTREAM, { connections: UPSTREAM_CONNECTIONS })
const app = Fastify({ logger: false })

const Item = {
  type: 'object',
  properties: {
    name: { type: 'string', minLength: 1 },
    price: { type: 'number', exclusiveMinimum: 0 },
    tags: { type: 'array', items: { type: 'string' }, maxItems: 10 },
  },
  required: ['name', 'price', 'tags'],
} as const

app.setErrorHandler<FastifyError>((error, _request, reply) => {
  if (error.validation) return reply.code(422).send({ detail: error.message })
  return reply.code(error.statusCode ?? 500).send({ detail: error.message })
})

app.get('/', async () => HELLO)

app.get<{ Params: { id: number }; Querystring: { q?: string } }>(
  '/items/:id',
  {
    schema: {
      params: { type: 'object', properties: { id: { type: 'integer' } }, required: ['id'] },
      querystring: { type: 'object', properties: { q: { type: 'string' } } },
    },
  },
  async (request) => ({ id: request.params.id, q: request.query.q }),
)

app.post('/items', { schema: { body: Item, response: { 201: Item } } }, async (request, reply) => {
  reply.code(201)
  return request.body
})

// The deps route as Fastify users write it: the session opened in an onRequest hook and closed in
// onResponse, a body schema and a response schema.
const Order = {
  type: 'object',
  properties: { item: { type: 'string', minLength: 1 }, qty: { type: 'integer', minimum: 1 } },
  required: ['item', 'qty'],
} as const
const Receipt = {
  type: 'object',
  properties: { item: { type: 'string' }, qty: { type: 'integer' }, session: { type: 'string' } },
  required: ['item', 'qty', 'session'],
} as const
app.decorateRequest('session', null)
app.post<{ Body: { item: string; qty: number } }>(
  '/orders',
  {
    schema: { body: Order, response: { 201: Receipt } },
    onRequest: async (request) => {
      ;(request as unknown as { session: Session }).session = openSession()
    },
    onResponse: async (request) => {
      closeSession((request as unknown as { session: Session }).session)
    },
  },
  async (request, reply) => {
    reply.code(201)
    const { session } = request as unknown as { session: Session }
    return { item: request.body.item, qty: request.body.qty, session: session.state }
  },
)

app.get('/sleep', async () => {
  await sleepOneSecond()
  return HELLO
})

app.get('/proxy', async (_request, reply) => {
  const { statusCode, headers, body } = await upstream.request({ method: 'GET', path: '/data' })
  if (statusCode !== 200) {
    await body.dump()
    return reply.code(502).send(PROXY_FAILED)
  }
  // The upstream's bytes as they are, like every proxy peer (see node.ts).
  return reply
    .header('content-type', String(headers['content-type'] ?? 'application/json'))
    .send(Buffer.from(await body.arrayBuffer()))
})

await app.listen({ port: PORT, host: HOST })
announce((app.server.address() as AddressInfo).port)
