import { setTimeout as sleep } from 'node:timers/promises'
import { afterEach, describe, expect, it } from 'vitest'
import { App, Depends, HTTPException, stream, t } from 'wharfjs'
import { ADAPTERS, type Served } from './adapters.ts'

/** Waits (bounded) until `events` holds `last`: after-response work runs once the response is over. */
async function until(events: string[], last: string): Promise<void> {
  for (let i = 0; i < 200 && !events.includes(last); i++) await sleep(5)
}

/** An app that records every step of its life into `events`. */
function recordingApp(events: string[]) {
  const app = new App({
    logger: false,
    requestId: true,
    lifespan: async function* () {
      events.push('startup')
      yield
      events.push('shutdown')
    },
  })
  const session = Depends(async function* session() {
    events.push('session open')
    yield 'session'
    events.push('session closed')
  })
  const user = Depends({ deps: { session } }, async function* user() {
    events.push('user open')
    yield 'ann'
    events.push('user closed')
  })
  app.use(async (_ctx, next) => {
    const response = await next()
    response.headers['x-middleware'] = 'seen'
    return response
  })
  app.addHooks({
    onRequest: (ctx) => events.push(`hook request ${ctx.method}`),
    onMatch: (ctx) => events.push(`hook match ${ctx.route}`),
    onError: (_ctx, error) => events.push(`hook error ${(error as Error).name}`),
    onResponse: (ctx, sent) => events.push(`hook response ${ctx.route ?? '-'} ${sent.status}`),
  })
  app.post(
    '/orders/{id}',
    { path: { id: t.Integer() }, body: t.Object({ qty: t.Integer() }), deps: { user } },
    ({ path, body, deps, background }) => {
      events.push('handler')
      background.add(() => events.push('background'))
      return { id: path.id, qty: body.qty, user: deps.user }
    },
  )
  app.get('/items/{id}', { path: { id: t.Integer() } }, ({ path }) => {
    if (path.id === 0) throw new HTTPException(404, 'Item not found')
    if (path.id < 0) throw new Error('boom')
    return { id: path.id, name: 'café' }
  })
  app.get('/numbers', () =>
    stream(
      (async function* () {
        for (let i = 1; i <= 3; i++) yield `${i}\n`
      })(),
      { mediaType: 'text/plain' },
    ),
  )
  return app
}

describe.each(ADAPTERS)('the request lifecycle on $name', (adapter) => {
  let served: Served | undefined
  afterEach(async () => {
    await served?.close()
    served = undefined
  })

  it('runs the lifespan around serving, then teardown in reverse order and background tasks after the response', async () => {
    const events: string[] = []
    served = await adapter.serve(recordingApp(events))
    const reply = await served.request('POST', '/orders/7', { json: { qty: 2 } })
    expect(reply.status).toBe(200)
    expect(JSON.parse(reply.text)).toEqual({ id: 7, qty: 2, user: 'ann' })
    await until(events, 'background')
    await served.close()
    served = undefined
    expect(events).toEqual([
      'startup',
      'hook request POST',
      'hook match /orders/{id}',
      'session open',
      'user open',
      'handler',
      'hook response /orders/{id} 200',
      'user closed',
      'session closed',
      'background',
      'shutdown',
    ])
  })

  it('echoes a sane X-Request-ID and makes one up otherwise', async () => {
    served = await adapter.serve(recordingApp([]))
    const given = await served.request('GET', '/items/1', { headers: { 'x-request-id': 'trace-7' } })
    expect(given.headers['x-request-id']).toBe('trace-7')
    const made = await served.request('GET', '/items/1', { headers: { 'x-request-id': 'bad id "}' } })
    expect(made.headers['x-request-id']).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-/)
  })

  it('sends errors through the middleware, with the exact body and the onError hook', async () => {
    const events: string[] = []
    served = await adapter.serve(recordingApp(events))
    const missing = await served.request('GET', '/items/0')
    expect([missing.status, missing.headers['x-middleware'], JSON.parse(missing.text)]).toEqual([
      404,
      'seen',
      { detail: 'Item not found' },
    ])
    const failing = await served.request('GET', '/items/-1')
    expect([failing.status, failing.headers['x-middleware'], JSON.parse(failing.text)]).toEqual([
      500,
      'seen',
      { detail: 'Internal Server Error' },
    ])
    const unknown = await served.request('GET', '/nowhere')
    expect([unknown.status, unknown.headers['x-middleware'], JSON.parse(unknown.text)]).toEqual([
      404,
      'seen',
      { detail: 'Not Found' },
    ])
    await until(events, 'hook response - 404')
    expect(events.filter((event) => event.startsWith('hook error'))).toEqual([
      'hook error HTTPException',
      'hook error Error',
      'hook error HTTPException',
    ])
  })

  it('answers invalid input with the 422 in FastAPI shape', async () => {
    served = await adapter.serve(recordingApp([]))
    const reply = await served.request('POST', '/orders/x', { json: { qty: [2] } })
    expect(reply.status).toBe(422)
    expect(JSON.parse(reply.text)).toEqual({
      detail: [
        {
          type: 'int_parsing',
          loc: ['path', 'id'],
          msg: 'Input should be a valid integer, unable to parse string as an integer',
          input: 'x',
        },
        { type: 'int_type', loc: ['body', 'qty'], msg: 'Input should be a valid integer', input: [2] },
      ],
    })
  })

  it('gives HEAD the same content-length as GET, without a body', async () => {
    served = await adapter.serve(recordingApp([]))
    const get = await served.request('GET', '/items/1')
    const head = await served.request('HEAD', '/items/1')
    expect(get.headers['content-length']).toBe(String(Buffer.byteLength(get.text)))
    expect([head.status, head.headers['content-length'], head.text]).toEqual([
      200,
      get.headers['content-length'],
      '',
    ])
  })

  it('streams a response and reports it to onResponse once it is over', async () => {
    const events: string[] = []
    served = await adapter.serve(recordingApp(events))
    const reply = await served.request('GET', '/numbers')
    expect([reply.status, reply.headers['content-type'], reply.text]).toEqual([
      200,
      'text/plain; charset=utf-8',
      '1\n2\n3\n',
    ])
    await until(events, 'hook response /numbers 200')
    expect(events).toContain('hook response /numbers 200')
  })
})
