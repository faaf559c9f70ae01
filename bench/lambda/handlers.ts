/**
 * One Lambda handler per framework on the same route (GET /items/{id} → {"id":…}), run by
 * cold-start.ts in a fresh process each time: `node handlers.ts <framework>` imports the framework,
 * builds the app, answers one API Gateway 2.0 event and prints the result as one JSON line.
 */
import { readFileSync } from 'node:fs'

const event = JSON.parse(
  readFileSync(new URL('../../test/server/fixtures/lambda-v2-http-api.json', import.meta.url), 'utf8'),
)
const framework = process.argv[2]

async function handlerOf(
  name: string | undefined,
): Promise<(event: unknown, context: unknown) => Promise<unknown>> {
  if (name === 'wharf') {
    const { App, t } = await import('wharfjs')
    const { lambdaHandler } = await import('wharfjs/lambda')
    const app = new App({ logger: false })
    app.get('/items/{id}', { path: { id: t.Integer() } }, ({ path }) => ({ id: path.id }))
    return lambdaHandler(app) as (event: unknown, context: unknown) => Promise<unknown>
  }
  if (name === 'hono') {
    const { Hono } = await import('hono')
    const { handle } = await import('hono/aws-lambda')
    const app = new Hono()
    app.get('/items/:id', (c) => c.json({ id: Number(c.req.param('id')) }))
    return handle(app) as unknown as (event: unknown, context: unknown) => Promise<unknown>
  }
  if (name === 'fastify') {
    const { default: Fastify } = await import('fastify')
    const { default: awsLambdaFastify } = await import('@fastify/aws-lambda')
    const app = Fastify()
    app.get<{ Params: { id: number } }>(
      '/items/:id',
      { schema: { params: { type: 'object', properties: { id: { type: 'integer' } } } } },
      async (request) => ({ id: request.params.id }),
    )
    return awsLambdaFastify(app) as unknown as (event: unknown, context: unknown) => Promise<unknown>
  }
  throw new Error(`unknown framework ${name}`)
}

const handler = await handlerOf(framework)
const result = (await handler(event, { getRemainingTimeInMillis: () => 30_000 })) as {
  statusCode: number
  body: string
}
process.stdout.write(`${JSON.stringify({ status: result.statusCode, body: result.body })}\n`)
