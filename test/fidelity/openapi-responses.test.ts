import { describe, expect, it } from 'vitest'
import { App, json, RequestValidationError, Router, t } from 'wharfjs'
import { TestClient } from 'wharfjs/testing'

const Message = t.Object({ message: t.String() }, { $id: 'Message' })

describe('responses at app and router level', () => {
  it('are merged into each route; the route wins per status, then the router, then the app', () => {
    const app = new App({
      logger: false,
      responses: { 500: { description: 'Server trouble' }, 404: { description: 'App 404' } },
    })
    const items = new Router({
      prefix: '/items',
      responses: { 404: { description: 'No such item', schema: Message } },
    })
    items.get('/{id}', { responses: { 418: { description: 'Teapot' } } }, () => 'x')
    items.get('/', { responses: { 404: { description: 'Route 404' } } }, () => [])
    app.include(items, { responses: { 403: { description: 'Forbidden here' } } })
    app.get('/', () => 'home')
    const paths = app.openapi().paths
    const described = (path: string) =>
      Object.fromEntries(
        Object.entries(paths[path]?.get?.responses ?? {}).map(([s, r]) => [s, r.description]),
      )
    expect(described('/items/{id}')).toEqual({
      200: 'Successful Response',
      403: 'Forbidden here',
      404: 'No such item',
      418: 'Teapot',
      500: 'Server trouble',
    })
    expect(described('/items')).toEqual({
      200: 'Successful Response',
      403: 'Forbidden here',
      404: 'Route 404',
      500: 'Server trouble',
    })
    expect(described('/')).toEqual({ 200: 'Successful Response', 404: 'App 404', 500: 'Server trouble' })
    expect(paths['/items/{id}']?.get?.responses[404]?.content).toEqual({
      'application/json': { schema: { $ref: '#/components/schemas/Message' } },
    })
  })
})

describe('errorSchema: the error body the app really sends, declared once', () => {
  it('documents the 422 and error statuses without a schema with it', async () => {
    const RealWorldError = t.Object(
      { errors: t.Object({ body: t.Array(t.String()) }) },
      { $id: 'GenericErrorModel' },
    )
    const app = new App({
      logger: false,
      errorSchema: RealWorldError,
      responses: { 401: { description: 'Unauthorized' } },
    })
    app.exceptionHandler(RequestValidationError, (error) =>
      json(
        { errors: { body: error.issues.map((issue) => `${issue.loc.join('.')}: ${issue.msg}`) } },
        { status: 422 },
      ),
    )
    app.post('/articles', { body: t.Object({ title: t.String() }) }, ({ body }) => body)
    const operation = app.openapi().paths['/articles']?.post
    const ref = { 'application/json': { schema: { $ref: '#/components/schemas/GenericErrorModel' } } }
    expect(operation?.responses[422]).toEqual({ description: 'Validation Error', content: ref })
    expect(operation?.responses[401]).toEqual({ description: 'Unauthorized', content: ref })
    expect(Object.keys(app.openapi().components?.schemas ?? {})).toEqual(['GenericErrorModel'])
    const res = await new TestClient(app).post('/articles', { json: {} })
    expect([res.status, res.json()]).toEqual([422, { errors: { body: ['body.title: Field required'] } }])
  })
})
