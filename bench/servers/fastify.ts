/**
 * Fastify 5 as its docs recommend: JSON schemas for params, querystring and body (Ajv), a response
 * schema (fast-json-stringify), undici for the proxy. Validation errors answer 422 like the others.
 */
import type { AddressInfo } from 'node:net'
import Fastify, { type FastifyError } from 'fastify'
import { Pool } from 'undici'
import {
  announce,
  HELLO,
  HOST,
  PORT,
  PROXY_FAILED,
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

app.get('/sleep', async () => {
  await sleepOneSecond()
  return HELLO
})

app.get('/proxy', async (_request, reply) => {
  const { statusCode, body } = await upstream.request({ method: 'GET', path: '/data' })
  if (statusCode !== 200) {
    await body.dump()
    return reply.code(502).send(PROXY_FAILED)
  }
  return body.json()
})

await app.listen({ port: PORT, host: HOST })
announce((app.server.address() as AddressInfo).port)
