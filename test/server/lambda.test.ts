import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { App, Depends, HTTPException, t } from 'wharfjs'
import { type LambdaEvent, type LambdaEventV2, lambdaHandler } from 'wharfjs/lambda'

const fixture = <E extends LambdaEvent>(name: string): E =>
  JSON.parse(readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8'))

const PNG = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0xff])

function shopApp(events: string[] = []) {
  const app = new App({
    logger: false,
    requestId: true,
    lifespan: async function* () {
      events.push('startup')
      yield
    },
  })
  const session = Depends(async function* session() {
    events.push('session open')
    yield 's1'
    events.push('session closed')
  })
  app.get(
    '/items/{id}',
    {
      path: { id: t.Integer() },
      query: { tag: t.Array(t.String()), limit: t.Integer() },
      cookies: { session: t.String() },
    },
    ({ path, query, cookies, request }) => ({
      id: path.id,
      tags: query.tag,
      limit: query.limit,
      session: cookies.session,
      scheme: request.scheme,
      client: request.remoteAddress,
    }),
  )
  app.post(
    '/orders',
    { body: t.Object({ item: t.String(), qty: t.Integer({ minimum: 1 }) }), deps: { session }, status: 201 },
    ({ body, deps, background, response }) => {
      background.add(() => events.push('background'))
      response.headers['set-cookie'] = ['order=1; Path=/', 'seen=yes; Path=/']
      return { ...body, session: deps.session }
    },
  )
  app.get('/logo.png', () => new Response(PNG, { headers: { 'content-type': 'image/png' } }))
  app.get('/teapot', () => {
    throw new HTTPException(418, 'No coffee here')
  })
  return app
}

describe('lambdaHandler(app)', () => {
  it('answers an API Gateway HTTP API event (2.0): path, repeated query, cookies, scheme, client', async () => {
    const handler = lambdaHandler(shopApp())
    const result = await handler(fixture('lambda-v2-http-api.json'))
    const body = JSON.stringify({
      id: 7,
      tags: ['a', 'b'],
      limit: 5,
      session: 'abc',
      scheme: 'https',
      client: '192.0.2.1',
    })
    expect(result).toEqual({
      statusCode: 200,
      headers: {
        'content-type': 'application/json',
        'content-length': String(body.length),
        'x-request-id': 'JKJaXmPLvHcESHA=',
      },
      body,
      isBase64Encoded: false,
    })
  })

  it('answers a function URL event with a base64 JSON body, cookies apart, after teardown and background tasks', async () => {
    const events: string[] = []
    const handler = lambdaHandler(shopApp(events))
    const result = await handler(fixture('lambda-function-url.json'))
    expect(result).toMatchObject({
      statusCode: 201,
      cookies: ['order=1; Path=/', 'seen=yes; Path=/'],
      body: '{"item":"book","qty":2,"session":"s1"}',
      isBase64Encoded: false,
    })
    expect(events).toEqual(['startup', 'session open', 'session closed', 'background'])
  })

  it('answers a REST API event (1.0): multi-value query parameters, multi-value set-cookie', async () => {
    const handler = lambdaHandler(shopApp())
    const result = await handler(fixture('lambda-v1-rest-api.json'))
    expect(result).toMatchObject({ statusCode: 200, isBase64Encoded: false })
    expect(JSON.parse(result.body)).toMatchObject({ id: 7, tags: ['a', 'b'], limit: 5, session: 'abc' })
    const post = fixture<LambdaEvent>('lambda-v1-rest-api.json')
    Object.assign(post, {
      httpMethod: 'POST',
      path: '/orders',
      headers: { 'Content-Type': 'application/json' },
      multiValueHeaders: { 'Content-Type': ['application/json'] },
      multiValueQueryStringParameters: null,
      queryStringParameters: null,
      body: '{"item":"pen","qty":1}',
    })
    const created = await handler(post)
    expect(created).toMatchObject({
      statusCode: 201,
      multiValueHeaders: { 'set-cookie': ['order=1; Path=/', 'seen=yes; Path=/'] },
      body: '{"item":"pen","qty":1,"session":"s1"}',
    })
  })

  it('sends binary bodies base64-encoded', async () => {
    const event = fixture<LambdaEventV2>('lambda-v2-http-api.json')
    event.rawPath = '/logo.png'
    event.rawQueryString = ''
    const result = await lambdaHandler(shopApp())(event)
    expect([result.statusCode, result.isBase64Encoded, Buffer.from(result.body, 'base64')]).toEqual([
      200,
      true,
      PNG,
    ])
  })

  it('answers errors in FastAPI shape: 422 for invalid input, HTTPException, 404', async () => {
    const handler = lambdaHandler(shopApp())
    const invalid = fixture<LambdaEventV2>('lambda-function-url.json')
    invalid.body = Buffer.from('{"item":"book","qty":0}').toString('base64')
    const rejected = await handler(invalid)
    expect([rejected.statusCode, JSON.parse(rejected.body)]).toEqual([
      422,
      {
        detail: [
          {
            type: 'greater_than_equal',
            loc: ['body', 'qty'],
            msg: 'Input should be greater than or equal to 1',
            input: 0,
            ctx: { ge: 1 },
          },
        ],
      },
    ])
    const teapot = fixture<LambdaEventV2>('lambda-v2-http-api.json')
    teapot.rawPath = '/teapot'
    expect(await handler(teapot)).toMatchObject({ statusCode: 418, body: '{"detail":"No coffee here"}' })
    const missing = fixture<LambdaEventV2>('lambda-v2-http-api.json')
    missing.rawPath = '/nowhere'
    expect(await handler(missing)).toMatchObject({ statusCode: 404, body: '{"detail":"Not Found"}' })
  })

  it('starts the app once, on the first invocation, and answers 500 when startup fails', async () => {
    const events: string[] = []
    const handler = lambdaHandler(shopApp(events))
    await Promise.all([
      handler(fixture('lambda-v2-http-api.json')),
      handler(fixture('lambda-v2-http-api.json')),
    ])
    expect(events.filter((event) => event === 'startup')).toEqual(['startup'])
    const broken = new App({
      logger: false,
      lifespan: async function* () {
        await Promise.reject(new Error('no database'))
        yield
      },
    })
    expect(await lambdaHandler(broken)(fixture('lambda-v2-http-api.json'))).toMatchObject({
      statusCode: 500,
      body: '{"detail":"Internal Server Error"}',
    })
  })
})
