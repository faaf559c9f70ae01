import SwaggerParser from '@apidevtools/swagger-parser'
import { Compile } from 'typebox/compile'
import { describe, expect, it } from 'vitest'
import type { ErrorFormat, OpenAPIDocument } from 'wharfjs'
import { TestClient, type TestRequestOptions } from 'wharfjs/testing'
import { createLargeApp } from './fixtures/large-app.ts'

interface Exchange {
  method: string
  url: string
  /** The operation's path in the document. */
  path: string
  options?: TestRequestOptions
  status: number
}

const key = { headers: { 'x-api-key': 'secret' } }
const bearer = { authorization: 'Bearer token' }
const order = { id: '0b7e2a52-3f4c-4d5e-8f9a-0123456789ab', lines: [{ sku: 'a', count: 2 }] }

/**
 * Real answers of the large app, each checked against what the document says for its status: the
 * content type is one the document lists, and the body validates against that schema.
 */
const exchanges: Exchange[] = [
  { method: 'GET', url: '/items/3', path: '/items/{item_id}', options: key, status: 200 },
  { method: 'GET', url: '/items/101', path: '/items/{item_id}', options: key, status: 404 },
  { method: 'GET', url: '/items/abc', path: '/items/{item_id}', options: key, status: 422 },
  { method: 'GET', url: '/items', path: '/items', options: key, status: 200 },
  { method: 'GET', url: '/items?limit=1000', path: '/items', options: key, status: 422 },
  {
    method: 'POST',
    url: '/v1/orders',
    path: '/v1/orders',
    options: { json: order, headers: bearer },
    status: 201,
  },
  {
    method: 'POST',
    url: '/v1/orders',
    path: '/v1/orders',
    options: { json: { lines: 1 }, headers: bearer },
    status: 422,
  },
  {
    method: 'POST',
    url: '/token',
    path: '/token',
    options: { form: { username: 'a', password: 'b' } },
    status: 200,
  },
  { method: 'GET', url: '/health', path: '/health', status: 200 },
  { method: 'GET', url: '/teapot', path: '/teapot', status: 200 },
]

async function dereferenced(document: OpenAPIDocument): Promise<any> {
  return SwaggerParser.dereference(structuredClone(document) as any)
}

describe.each(['fastapi', 'problem'] as ErrorFormat[])(
  'real responses match the document (%s errors)',
  (format) => {
    const app = createLargeApp(format)
    const client = new TestClient(app)

    it.each(exchanges)('$method $url → $status', async ({ method, url, path, options, status }) => {
      const document = await dereferenced(app.openapi())
      const res = await client.request(method, url, options)
      expect(res.status).toBe(status)
      const documented = document.paths[path][method.toLowerCase()].responses[String(status)]
      expect(documented).toBeDefined()
      const type = String(res.headers['content-type'])
      const media = documented.content?.[type]
      expect(media, `${type} is not documented for ${status}`).toBeDefined()
      const check = Compile(media.schema)
      expect(check.Check(res.json()), JSON.stringify([...check.Errors(res.json())])).toBe(true)
    })
  },
)
