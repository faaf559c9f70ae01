import { readFileSync, writeFileSync } from 'node:fs'
import { afterAll, beforeAll, describe, expect, expectTypeOf, it } from 'vitest'
import type { RunningServer } from 'wharfjs'
import { type ClientResponse, createClient, UnexpectedStatusError } from 'wharfjs/client'
import { runCli, tempFolder } from '../cli/harness.ts'
import { createShop } from './fixtures/shop.ts'
import { type Api, apiClient, type Schemas } from './fixtures/shop-api.generated.ts'

const shopFile = new URL('./fixtures/shop.ts', import.meta.url).pathname
const generatedFile = new URL('./fixtures/shop-api.generated.ts', import.meta.url).pathname

describe('wharf client', () => {
  it('writes the committed client for the app (regenerate: WHARF_UPDATE_FIXTURES=1)', async () => {
    const folder = tempFolder()
    try {
      const out = `${folder.dir}/api.ts`
      const { code, stderr } = await runCli(['client', shopFile, '--out', out])
      expect(stderr).toBe('')
      expect(code).toBe(0)
      const current = readFileSync(out, 'utf8')
      if (process.env.WHARF_UPDATE_FIXTURES === '1') writeFileSync(generatedFile, current)
      expect(current).toBe(readFileSync(generatedFile, 'utf8'))
    } finally {
      folder.cleanup()
    }
  })
})

describe('the generated client against a running app', () => {
  let server: RunningServer
  let api: ReturnType<typeof apiClient>
  beforeAll(async () => {
    server = await createShop().listen({ port: 0 })
    api = apiClient({ baseUrl: server.url })
  })
  afterAll(() => server.close())

  it('path and query parameters; the status tells which body arrived', async () => {
    const read = await api.get('/items/{item_id}', { path: { item_id: 1 }, query: { currency: 'USD' } })
    expect(read.status).toBe(200)
    if (read.status !== 200) throw new Error('unreachable')
    expectTypeOf(read.data).toEqualTypeOf<Schemas['Item']>()
    expectTypeOf(read.ok).toEqualTypeOf<true>()
    expect(read.data).toEqual({ id: 1, name: 'Book', price: 25, tags: ['paper'] })

    const missing = await api.get('/items/{item_id}', { path: { item_id: 99 } })
    expect(missing).toMatchObject({ status: 404, ok: false, data: { detail: 'Item not found' } })

    const invalid = await api.get('/items/{item_id}', {
      // @ts-expect-error: the path parameter is an integer
      path: { item_id: 'abc' },
    })
    expect(invalid.status).toBe(422)
    if (invalid.status === 422) {
      expectTypeOf(invalid.data).toEqualTypeOf<Schemas['HTTPValidationError']>()
      expect(invalid.data.detail?.map((issue) => issue.loc)).toEqual([['path', 'item_id']])
    }
  })

  it('repeated query keys for lists; no options when nothing is required', async () => {
    const all = await api.get('/items')
    expect(all).toMatchObject({ status: 200, data: [{ id: 1 }] })
    const tagged = await api.get('/items', { query: { tag: ['paper', 'none'] } })
    expect(tagged).toMatchObject({ status: 200, data: [] })
  })

  it('JSON bodies and header parameters', async () => {
    const created = await api.post('/items', {
      headers: { 'x-token': 'secret' },
      body: { name: 'Pen', price: 2 },
    })
    expect(created).toMatchObject({ status: 201, data: { id: 2, name: 'Pen', price: 2, tags: [] } })
    const refused = await api.post('/items', {
      headers: { 'x-token': 'nope' },
      body: { name: 'Pen', price: 2 },
    })
    expect(refused).toMatchObject({ status: 401, data: { detail: 'Bad token' } })
    const invalid = await api.post('/items', {
      headers: { 'x-token': 'secret' },
      body: { name: '', price: 2 },
    })
    expect(invalid.status).toBe(422)
  })

  it('a property with a default may be left out of a request; responses always have it', async () => {
    const replaced = await api.put('/items/{item_id}', {
      path: { item_id: 1 },
      body: { name: 'Mallet', price: 7 },
    })
    expect(replaced).toMatchObject({ status: 200, data: { name: 'Mallet', price: 7, tags: [] } })
    if (replaced.status === 200) expectTypeOf(replaced.data.tags).toEqualTypeOf<string[]>()
    // The document splits such a schema in two, as FastAPI's does: ItemUpdate-Input and ItemUpdate-Output.
    expectTypeOf<Schemas['ItemUpdate-Input']>().toEqualTypeOf<{
      name: string
      price: number
      tags?: string[]
    }>()
    expectTypeOf<Schemas['ItemUpdate-Output']>().toEqualTypeOf<{
      name: string
      price: number
      tags: string[]
    }>()
  })

  it('forms, and a 204 without a body', async () => {
    const login = await api.post('/login', { form: { username: 'ann', password: 'four' } })
    expect(login).toMatchObject({ status: 200, data: { token: 'ann:4' } })
    const deleted = await api.delete('/items/{item_id}', { path: { item_id: 2 } })
    expect(deleted.status).toBe(204)
    expect(deleted.data).toBe(undefined)
  })

  it('a status the route does not declare is thrown, with its body', async () => {
    const error = await api.get('/boom').catch((caught: unknown) => caught)
    expect(error).toBeInstanceOf(UnexpectedStatusError)
    expect(error).toMatchObject({ status: 500, data: { detail: 'Internal Server Error' } })
  })

  it('createClient without declared statuses returns every response', async () => {
    const plain = createClient<Api>({ baseUrl: server.url })
    const boom = await plain.get('/boom')
    expect(boom.status).toBe(500)
  })
})

describe('the types the client gives (checked by npm run typecheck)', () => {
  const api = apiClient({ baseUrl: 'http://127.0.0.1:1' })

  it('offers the declared paths per method, and only the methods the API has', () => {
    expectTypeOf<Parameters<typeof api.get>[0]>().toEqualTypeOf<'/items/{item_id}' | '/items' | '/boom'>()
    expectTypeOf<Parameters<typeof api.post>[0]>().toEqualTypeOf<'/items' | '/login'>()
    expectTypeOf(api).not.toHaveProperty('patch')
  })

  it('a response is a union discriminated by status', () => {
    type Read = ClientResponse<Api['get']['/items/{item_id}']['responses']>
    expectTypeOf<Read['status']>().toEqualTypeOf<200 | 404 | 422>()
    expectTypeOf<Extract<Read, { status: 404 }>['data']>().toEqualTypeOf<Schemas['HTTPError']>()
    expectTypeOf<Extract<Read, { ok: true }>['status']>().toEqualTypeOf<200>()
  })

  it('rejects wrong calls', () => {
    const calls = () => {
      // @ts-expect-error: no such path
      void api.get('/nowhere')
      // @ts-expect-error: the path parameters are required
      void api.get('/items/{item_id}')
      // @ts-expect-error: the body misses price
      void api.post('/items', { headers: { 'x-token': 't' }, body: { name: 'x' } })
      // @ts-expect-error: the header parameter is required
      void api.post('/items', { body: { name: 'x', price: 1 } })
      // @ts-expect-error: currency is EUR or USD
      void api.get('/items/{item_id}', { path: { item_id: 1 }, query: { currency: 'GBP' } })
    }
    expect(typeof calls).toBe('function')
  })
})
