import { describe, expect, it } from 'vitest'
import { App, Depends, Router, t, WharfError } from 'wharfjs'
import * as z from 'zod'
import { createLargeApp } from './fixtures/large-app.ts'

const quiet = { logger: false } as const
const validationError = {
  description: 'Validation Error',
  content: { 'application/json': { schema: { $ref: '#/components/schemas/HTTPValidationError' } } },
}

describe('app.openapi()', () => {
  it('describes a route FastAPI style: operationId, summary, parameters, responses and the 422', () => {
    const app = new App({ title: 'Shop', version: '1.0.0', description: 'The *shop*', ...quiet })
    const Item = t.Object({ name: t.String(), price: t.Number() }, { $id: 'Item' })
    app.get(
      '/items/{item_id}',
      {
        path: { item_id: t.Integer({ minimum: 1 }) },
        query: { q: t.Optional(t.String({ description: 'Search text' })), limit: t.Integer({ default: 10 }) },
        headers: { xToken: t.String() },
        cookies: { session: t.Optional(t.String()) },
        response: Item,
        responses: { 404: { description: 'Item not found' } },
        tags: ['items'],
      },
      async function read_item() {
        return { name: 'x', price: 1 }
      },
    )
    expect(app.openapi()).toEqual({
      openapi: '3.1.0',
      info: { title: 'Shop', version: '1.0.0', description: 'The *shop*' },
      paths: {
        '/items/{item_id}': {
          get: {
            tags: ['items'],
            summary: 'Read Item',
            operationId: 'read_item_items__item_id__get',
            parameters: [
              { name: 'item_id', in: 'path', required: true, schema: { type: 'integer', minimum: 1 } },
              {
                name: 'q',
                in: 'query',
                required: false,
                schema: { type: 'string', description: 'Search text' },
                description: 'Search text',
              },
              { name: 'limit', in: 'query', required: false, schema: { type: 'integer', default: 10 } },
              { name: 'x-token', in: 'header', required: true, schema: { type: 'string' } },
              { name: 'session', in: 'cookie', required: false, schema: { type: 'string' } },
            ],
            responses: {
              200: {
                description: 'Successful Response',
                content: { 'application/json': { schema: { $ref: '#/components/schemas/Item' } } },
              },
              404: {
                description: 'Item not found',
                content: { 'application/json': { schema: { $ref: '#/components/schemas/HTTPError' } } },
              },
              422: validationError,
            },
          },
        },
      },
      components: {
        schemas: {
          HTTPError: {
            properties: { detail: { title: 'Detail' } },
            type: 'object',
            required: ['detail'],
            title: 'HTTPError',
          },
          HTTPValidationError: {
            properties: {
              detail: {
                items: { $ref: '#/components/schemas/ValidationError' },
                type: 'array',
                title: 'Detail',
              },
            },
            type: 'object',
            title: 'HTTPValidationError',
          },
          Item: {
            type: 'object',
            required: ['name', 'price'],
            properties: { name: { type: 'string' }, price: { type: 'number' } },
          },
          ValidationError: {
            properties: {
              loc: {
                items: { anyOf: [{ type: 'string' }, { type: 'integer' }] },
                type: 'array',
                title: 'Location',
              },
              msg: { type: 'string', title: 'Message' },
              type: { type: 'string', title: 'Error Type' },
              input: { title: 'Input' },
              ctx: { type: 'object', title: 'Context' },
            },
            type: 'object',
            required: ['loc', 'msg', 'type'],
            title: 'ValidationError',
          },
        },
      },
    })
  })

  it('gives a route without inputs no 422, and an anonymous handler a method + path operationId', () => {
    const app = new App(quiet)
    app.get('/', async () => ({ Hello: 'World' }))
    app.get('/users/{name}', async ({ path }) => path.name)
    expect(app.openapi()).toEqual({
      openapi: '3.1.0',
      info: { title: 'Wharf', version: '0.1.0' },
      paths: {
        '/': {
          get: {
            operationId: 'get_root',
            responses: {
              200: { description: 'Successful Response', content: { 'application/json': { schema: {} } } },
            },
          },
        },
        '/users/{name}': {
          get: {
            operationId: 'get_users__name',
            parameters: [{ name: 'name', in: 'path', required: true, schema: { type: 'string' } }],
            responses: {
              200: { description: 'Successful Response', content: { 'application/json': { schema: {} } } },
            },
          },
        },
      },
    })
  })

  it('documents a JSON body, a 201 and a 204 without content, and deprecated operations', () => {
    const app = new App(quiet)
    const ItemIn = t.Object({ name: t.String() }, { $id: 'ItemIn' })
    app.post(
      '/items',
      { body: ItemIn, status: 201, summary: 'Create', description: 'Makes one.' },
      async function create() {
        return { id: 1 }
      },
    )
    app.delete(
      '/items/{id}',
      { path: { id: t.Integer() }, status: 204, deprecated: true },
      async function remove() {},
    )
    const { paths } = app.openapi()
    expect(paths['/items']).toEqual({
      post: {
        summary: 'Create',
        description: 'Makes one.',
        operationId: 'create_items_post',
        requestBody: {
          content: { 'application/json': { schema: { $ref: '#/components/schemas/ItemIn' } } },
          required: true,
        },
        responses: {
          201: { description: 'Successful Response', content: { 'application/json': { schema: {} } } },
          422: validationError,
        },
      },
    })
    expect(paths['/items/{id}']).toEqual({
      delete: {
        summary: 'Remove',
        operationId: 'remove_items__id__delete',
        deprecated: true,
        parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'integer' } }],
        responses: { 204: { description: 'Successful Response' }, 422: validationError },
      },
    })
  })

  it('documents an optional body as not required and per-status response schemas', () => {
    const app = new App(quiet)
    const Message = t.Object({ message: t.String() }, { $id: 'Message' })
    const Found = t.Object({ id: t.Integer() })
    app.put(
      '/things',
      {
        body: t.Optional(t.Object({ a: t.String() })),
        response: { 200: Found, 404: Message },
        responses: {
          200: { headers: { etag: { description: 'Version' } } },
          404: { description: 'Gone away' },
        },
      },
      async function putThing() {
        return { id: 1 }
      },
    )
    const operation = app.openapi().paths['/things']!.put!
    expect(operation.requestBody).toEqual({
      content: {
        'application/json': {
          schema: { type: 'object', required: ['a'], properties: { a: { type: 'string' } } },
        },
      },
    })
    expect(operation.responses).toEqual({
      200: {
        description: 'Successful Response',
        headers: { etag: { description: 'Version', schema: { type: 'string' } } },
        content: {
          'application/json': {
            schema: { type: 'object', required: ['id'], properties: { id: { type: 'integer' } } },
          },
        },
      },
      404: {
        description: 'Gone away',
        content: { 'application/json': { schema: { $ref: '#/components/schemas/Message' } } },
      },
      422: validationError,
    })
  })

  it('documents a form as the Body_{operationId} component, url-encoded', () => {
    const app = new App(quiet)
    app.post(
      '/token',
      { form: { username: t.String(), scope: t.String({ default: '' }) } },
      async function login() {
        return {}
      },
    )
    const document = app.openapi()
    expect(document.paths['/token']!.post!.requestBody).toEqual({
      content: {
        'application/x-www-form-urlencoded': {
          schema: { $ref: '#/components/schemas/Body_login_token_post' },
        },
      },
      required: true,
    })
    expect(document.components!.schemas!.Body_login_token_post).toEqual({
      properties: { username: { type: 'string' }, scope: { type: 'string', default: '' } },
      type: 'object',
      required: ['username'],
      title: 'Body_login_token_post',
    })
  })

  it('includes dependency parameters and security, and merges security schemes', () => {
    const app = new App(quiet)
    const apiKey = Depends({ headers: { xKey: t.String() } }, ({ headers }) => headers.xKey, {
      openapi: {
        securitySchemes: { APIKeyHeader: { type: 'apiKey', in: 'header', name: 'x-key' } },
        security: [{ APIKeyHeader: [] }],
      },
    })
    const paging = Depends(
      { query: { skip: t.Integer({ default: 0 }) }, deps: { apiKey } },
      ({ query }) => query,
    )
    const router = new Router({ prefix: '/v1', tags: ['v1'], deps: { apiKey } })
    router.get('/things', { deps: { paging }, query: { q: t.String() } }, async function things() {
      return []
    })
    app.include(router)
    const document = app.openapi()
    expect(document.paths['/v1/things']!.get).toEqual({
      tags: ['v1'],
      summary: 'Things',
      operationId: 'things_v1_things_get',
      parameters: [
        { name: 'skip', in: 'query', required: false, schema: { type: 'integer', default: 0 } },
        { name: 'q', in: 'query', required: true, schema: { type: 'string' } },
        { name: 'x-key', in: 'header', required: true, schema: { type: 'string' } },
      ],
      responses: {
        200: { description: 'Successful Response', content: { 'application/json': { schema: {} } } },
        422: validationError,
      },
      security: [{ APIKeyHeader: [] }],
    })
    expect(document.components!.securitySchemes).toEqual({
      APIKeyHeader: { type: 'apiKey', in: 'header', name: 'x-key' },
    })
  })

  it('keeps Zod input and output forms apart when they differ, as Name-Input and Name-Output', () => {
    const app = new App(quiet)
    const Line = z.object({ sku: z.string() }).meta({ id: 'Line' })
    const Order = z.object({ qty: z.number().default(1), lines: z.array(Line) }).meta({ id: 'Order' })
    const Tag = t.Object({ name: t.String() }, { $id: 'Tag' })
    app.post('/orders', { body: Order, response: Order }, async function placeOrder({ body }) {
      return body
    })
    app.post('/tags', { body: Tag, response: Tag }, async function addTag({ body }) {
      return body
    })
    const document = app.openapi()
    expect(document.paths['/orders']!.post!.requestBody!.content['application/json']!.schema).toEqual({
      $ref: '#/components/schemas/Order-Input',
    })
    expect(document.paths['/orders']!.post!.responses[200]!.content!['application/json']!.schema).toEqual({
      $ref: '#/components/schemas/Order-Output',
    })
    const schemas = document.components!.schemas!
    expect(Object.keys(schemas)).toEqual([
      'HTTPValidationError',
      'Line-Input',
      'Line-Output',
      'Order-Input',
      'Order-Output',
      'Tag',
      'ValidationError',
    ])
    expect(schemas['Order-Input']).toEqual({
      type: 'object',
      properties: {
        qty: { default: 1, type: 'number' },
        lines: { type: 'array', items: { $ref: '#/components/schemas/Line-Input' } },
      },
      required: ['lines'],
    })
    expect(schemas['Order-Output']).toEqual({
      type: 'object',
      properties: {
        qty: { default: 1, type: 'number' },
        lines: { type: 'array', items: { $ref: '#/components/schemas/Line-Output' } },
      },
      required: ['qty', 'lines'],
      additionalProperties: false,
    })
  })

  it('splits a schema whose only difference is a split child, so each side points at its own child', () => {
    const app = new App(quiet)
    const Line = z.object({ sku: z.string(), n: z.number().default(1) }).meta({ id: 'Line' })
    const Wrapper = z.looseObject({ line: Line }).meta({ id: 'Wrapper' })
    app.post('/wrap', { body: Wrapper, response: Wrapper }, async function wrap({ body }) {
      return body
    })
    const schemas = app.openapi().components!.schemas!
    expect(schemas['Wrapper-Input']).toEqual({
      type: 'object',
      properties: { line: { $ref: '#/components/schemas/Line-Input' } },
      required: ['line'],
      additionalProperties: {},
    })
    expect(schemas['Wrapper-Output']).toEqual({
      type: 'object',
      properties: { line: { $ref: '#/components/schemas/Line-Output' } },
      required: ['line'],
      additionalProperties: {},
    })
    expect(schemas.Wrapper).toBeUndefined()
  })

  it('publishes recursive schemas once named: Zod .meta({ id }) and TypeBox Cyclic', () => {
    const app = new App(quiet)
    const Tree: z.ZodType<{ name: string; children: unknown[] }> = z
      .object({
        name: z.string(),
        get children() {
          return z.array(Tree)
        },
      })
      .meta({ id: 'Tree' })
    const Node = t.Cyclic({ Node: t.Object({ name: t.String(), next: t.Optional(t.Ref('Node')) }) }, 'Node')
    app.post('/trees', { body: Tree }, async function plantTree() {
      return 'ok'
    })
    app.post('/nodes', { body: Node }, async function addNode() {
      return 'ok'
    })
    const document = app.openapi()
    expect(document.paths['/nodes']!.post!.requestBody!.content['application/json']!.schema).toEqual({
      $ref: '#/components/schemas/Node',
    })
    expect(document.components!.schemas!.Tree).toEqual({
      type: 'object',
      properties: {
        name: { type: 'string' },
        children: { type: 'array', items: { $ref: '#/components/schemas/Tree' } },
      },
      required: ['name', 'children'],
    })
    expect(document.components!.schemas!.Node).toEqual({
      type: 'object',
      required: ['name'],
      properties: { name: { type: 'string' }, next: { $ref: '#/components/schemas/Node' } },
    })
  })

  it('resolves TypeBox t.Ref to the component of that $id', () => {
    const app = new App(quiet)
    const User = t.Object({ name: t.String() }, { $id: 'User' })
    app.get(
      '/users',
      { response: t.Object({ owner: t.Ref('User'), all: t.Array(User), default: User }) },
      async function users() {
        return { owner: { name: 'a' }, all: [], default: { name: 'b' } }
      },
    )
    const document = app.openapi()
    expect(document.paths['/users']!.get!.responses[200]!.content!['application/json']!.schema).toEqual({
      type: 'object',
      required: ['owner', 'all', 'default'],
      properties: {
        owner: { $ref: '#/components/schemas/User' },
        all: { type: 'array', items: { $ref: '#/components/schemas/User' } },
        // A property may be named like a keyword whose value is data; it is still a schema.
        default: { $ref: '#/components/schemas/User' },
      },
    })
    expect(document.components!.schemas!.User).toEqual({
      type: 'object',
      required: ['name'],
      properties: { name: { type: 'string' } },
    })
  })

  it('describes the problem+json error format when the app uses it', () => {
    const app = new App({ errorFormat: 'problem', ...quiet })
    app.get(
      '/items/{id}',
      { path: { id: t.Integer() }, responses: { 404: { description: 'No such item' } } },
      async function item() {
        return {}
      },
    )
    const document = app.openapi()
    expect(document.paths['/items/{id}']!.get!.responses).toEqual({
      200: { description: 'Successful Response', content: { 'application/json': { schema: {} } } },
      404: {
        description: 'No such item',
        content: { 'application/problem+json': { schema: { $ref: '#/components/schemas/ProblemDetail' } } },
      },
      422: {
        description: 'Validation Error',
        content: {
          'application/problem+json': { schema: { $ref: '#/components/schemas/HTTPValidationProblem' } },
        },
      },
    })
    const problem = {
      type: { type: 'string', title: 'Type' },
      title: { type: 'string', title: 'Title' },
      status: { type: 'integer', title: 'Status' },
      detail: { title: 'Detail' },
    }
    expect(document.components!.schemas!.HTTPValidationProblem).toEqual({
      properties: {
        ...problem,
        errors: { items: { $ref: '#/components/schemas/ValidationError' }, type: 'array', title: 'Errors' },
      },
      type: 'object',
      required: ['type', 'title', 'status', 'detail', 'errors'],
      title: 'HTTPValidationProblem',
    })
    expect(document.components!.schemas!.ProblemDetail).toEqual({
      properties: problem,
      type: 'object',
      required: ['type', 'title', 'status'],
      title: 'ProblemDetail',
    })
    expect(document.components!.schemas!.HTTPValidationError).toBeUndefined()
  })

  it('leaves out includeInSchema: false routes, merges openapiExtra, adds servers and tags', () => {
    const app = new App({
      servers: [{ url: 'https://api.example.com' }],
      openapiTags: [{ name: 'items', description: 'Things' }],
      ...quiet,
    })
    app.get('/hidden', { includeInSchema: false }, async () => 'no')
    app.get(
      '/shown',
      { openapiExtra: { 'x-cost': 3, responses: { 200: { description: 'Cheap' } } } },
      async function shown() {
        return 'yes'
      },
    )
    const document = app.openapi()
    expect(document.servers).toEqual([{ url: 'https://api.example.com' }])
    expect(document.tags).toEqual([{ name: 'items', description: 'Things' }])
    expect(Object.keys(document.paths)).toEqual(['/shown'])
    expect(document.paths['/shown']!.get).toEqual({
      summary: 'Shown',
      operationId: 'shown_shown_get',
      responses: { 200: { description: 'Cheap', content: { 'application/json': { schema: {} } } } },
      'x-cost': 3,
    })
  })

  it('keeps operationIds unique: explicit ones as given, clashing derived ones suffixed', () => {
    const app = new App(quiet)
    app.get('/a-b', async function dup() {})
    app.get('/a_b', async function dup() {})
    app.get('/c', { operationId: 'dup_a_b_get' }, async () => {})
    app.get('/d', { operationId: 'custom' }, async function named() {})
    const ids = Object.values(app.openapi().paths).map((item) => item.get!.operationId)
    expect(ids).toEqual(['dup_a_b_get_2', 'dup_a_b_get_3', 'dup_a_b_get', 'custom'])
  })

  it('is deterministic: the same routes give the same document, operationIds included', () => {
    expect(createLargeApp().openapi()).toStrictEqual(createLargeApp().openapi())
  })

  it('is made once: the same object every call', () => {
    const app = new App(quiet)
    app.get('/', async () => 'x')
    expect(app.openapi()).toBe(app.openapi())
  })
})

describe('schemas the document cannot describe fail at build time, naming the route', () => {
  const buildError = (app: App): unknown => {
    try {
      app.build()
    } catch (error) {
      return error
    }
    return undefined
  }

  it('a Zod schema with no JSON Schema form (z.date())', () => {
    const app = new App(quiet)
    app.post('/events', { body: z.object({ at: z.date() }) }, async () => 'ok')
    const error = buildError(app)
    expect(error).toBeInstanceOf(WharfError)
    expect((error as WharfError).code).toBe('WHARF_SCHEMA_INVALID')
    expect((error as WharfError).message).toBe(
      'WHARF_SCHEMA_INVALID: POST /events body: the schema cannot be converted to JSON Schema: Date cannot be represented in JSON Schema',
    )
  })

  it('a TypeBox type that is not JSON (t.BigInt())', () => {
    const app = new App(quiet)
    app.get('/big', { query: { n: t.BigInt() } }, async () => 'ok')
    const error = buildError(app) as WharfError
    expect(error.code).toBe('WHARF_SCHEMA_INVALID')
    expect(error.message).toBe(
      'WHARF_SCHEMA_INVALID: GET /big query parameter "n": a schema of type "bigint" cannot be described in JSON Schema',
    )
  })

  it('a recursive schema without a name', () => {
    const app = new App(quiet)
    const Tree: z.ZodType<{ children: unknown[] }> = z.object({
      get children() {
        return z.array(Tree)
      },
    })
    app.post('/trees', { body: Tree }, async () => 'ok')
    const error = buildError(app) as WharfError
    expect(error.code).toBe('WHARF_SCHEMA_INVALID')
    expect(error.message).toBe(
      'WHARF_SCHEMA_INVALID: POST /trees body: "$ref": "#" points into the schema itself (a recursive schema without a name); name it (Zod: .meta({ id }), TypeBox: $id) so it can be referenced',
    )
  })

  it('a t.Ref to a $id no schema has', () => {
    const app = new App(quiet)
    app.get('/owner', { response: t.Object({ owner: t.Ref('Person') }) }, async () => ({ owner: {} }))
    const error = buildError(app) as WharfError
    expect(error.code).toBe('WHARF_SCHEMA_INVALID')
    expect(error.message).toBe(
      'WHARF_SCHEMA_INVALID: GET /owner response 200: "$ref": "Person" names no schema; give the schema it means that $id',
    )
  })

  it('two different schemas under one $id', () => {
    const app = new App(quiet)
    app.post('/a', { body: t.Object({ a: t.String() }, { $id: 'Thing' }) }, async () => 'a')
    app.post('/b', { body: t.Object({ b: t.String() }, { $id: 'Thing' }) }, async () => 'b')
    const error = buildError(app) as WharfError
    expect(error.code).toBe('WHARF_SCHEMA_INVALID')
    expect(error.message).toBe(
      'WHARF_SCHEMA_INVALID: POST /b body: the schema named "Thing" differs from another schema of the same name (first used by POST /a body); give one of them another $id',
    )
  })
})
