import { readFileSync, writeFileSync } from 'node:fs'
import createClient from 'openapi-fetch'
import { afterAll, beforeAll, describe, expect, expectTypeOf, it } from 'vitest'
import type { RunningServer } from 'wharfjs'
import type { components, paths } from './fixtures/typed-app.generated.ts'
import { createTypedApp } from './fixtures/typed-app.ts'

const fixture = new URL('./fixtures/typed-app.openapi.json', import.meta.url)
type Item = components['schemas']['Item']
/** FastAPI's ValidationError, as openapi-fetch exposes it (it widens `ctx` to `{}`). */
type ValidationIssue = { loc: (string | number)[]; msg: string; type: string; input?: unknown; ctx?: {} }

describe('a typed client generated from the document (openapi-typescript + openapi-fetch)', () => {
  const app = createTypedApp()
  let server: RunningServer
  beforeAll(async () => {
    server = await app.listen({ port: 0 })
  })
  afterAll(() => server.close())

  it('was generated from the current document', () => {
    const current = `${JSON.stringify(app.openapi(), null, 2)}\n`
    if (process.env.WHARF_UPDATE_FIXTURES === '1') writeFileSync(fixture, current)
    // Compared as data: the committed file is formatted by Biome.
    expect(JSON.parse(current)).toStrictEqual(JSON.parse(readFileSync(fixture, 'utf8')))
  })

  it('calls the running app with typed parameters and gets typed data', async () => {
    const client = createClient<paths>({ baseUrl: server.url })
    const read = await client.GET('/items/{item_id}', {
      params: { path: { item_id: 1 }, query: { currency: 'EUR' } },
    })
    expectTypeOf(read.data).toEqualTypeOf<Item | undefined>()
    expectTypeOf<Item>().toEqualTypeOf<{ id: number; name: string; price: number; tags: string[] }>()
    expect(read.response.status).toBe(200)
    expect(read.data).toEqual({ id: 1, name: 'Book', price: 12.5, tags: ['paper'] })

    const created = await client.POST('/items', { body: { name: 'Game', price: 30 } })
    expectTypeOf(created.data).toEqualTypeOf<Item | undefined>()
    expect(created.response.status).toBe(201)
    expect(created.data).toEqual({ id: 2, name: 'Game', price: 30, tags: [] })

    const list = await client.GET('/items', { params: { query: { limit: 1 } } })
    expectTypeOf(list.data).toEqualTypeOf<Item[] | undefined>()
    expect(list.data).toEqual([{ id: 1, name: 'Book', price: 12.5, tags: ['paper'] }])
  })

  it('types the 422 body as FastAPI’s HTTPValidationError', async () => {
    const client = createClient<paths>({ baseUrl: server.url })
    const invalid = await client.POST('/items', { body: { name: '', price: 1 } })
    expectTypeOf(invalid.error).toEqualTypeOf<{ detail?: ValidationIssue[] } | undefined>()
    expect(invalid.response.status).toBe(422)
    expect(invalid.error?.detail?.map((issue) => issue.loc)).toEqual([['body', 'name']])
  })

  it('types the 404 body as the app’s error body', async () => {
    const client = createClient<paths>({ baseUrl: server.url })
    const missing = await client.GET('/items/{item_id}', { params: { path: { item_id: 99 } } })
    expect(missing.response.status).toBe(404)
    expect(missing.error).toEqual({ detail: 'Item not found' })
    // Either documented error body of the operation: the 404's HTTPError or the 422's HTTPValidationError.
    expectTypeOf(missing.error).toEqualTypeOf<
      { detail: unknown } | { detail?: ValidationIssue[] } | undefined
    >()
  })

  it('rejects wrong calls at compile time (checked by tsc, never run)', () => {
    const client = createClient<paths>({ baseUrl: server.url })
    const wrongCalls = () => {
      // @ts-expect-error item_id is an integer, not a string
      client.GET('/items/{item_id}', { params: { path: { item_id: 'one' } } })
      // @ts-expect-error currency is EUR or USD
      client.GET('/items/{item_id}', { params: { path: { item_id: 1 }, query: { currency: 'GBP' } } })
      // @ts-expect-error price is required in the body
      client.POST('/items', { body: { name: 'Game' } })
      // @ts-expect-error no such path
      client.GET('/nothing')
    }
    expect(typeof wrongCalls).toBe('function')
  })
})
