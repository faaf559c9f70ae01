import { connect } from 'node:net'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { App, t } from 'wharfjs'
import { TestClient } from 'wharfjs/testing'
import { z } from 'zod'

const nestedArrays = (n: number) => '['.repeat(n) + ']'.repeat(n)
const nestedObjects = (n: number) => `${'{"a":'.repeat(n)}1${'}'.repeat(n)}`
const tooDeep = (position: number, depth = 128) => ({
  type: 'json_invalid',
  loc: ['body', position],
  msg: 'JSON decode error',
  input: {},
  ctx: { error: `Maximum nesting depth of ${depth} exceeded` },
})

function api(options: { jsonMaxDepth?: number } = {}) {
  const app = new App({ logger: false, ...options })
  app.post('/items', { body: t.Object({ name: t.String() }) }, ({ body }) => body)
  app.post('/any', { body: t.Any() }, ({ body }) => ({ body }))
  app.post('/shallow', { body: t.Any(), jsonMaxDepth: 2 }, ({ body }) => ({ body }))
  app.post('/ints', { body: t.Object({ ids: t.Array(t.Integer(), { minItems: 1000 }) }) }, () => 'ok')
  app.post('/strict', { body: t.Object({ name: t.String() }, { additionalProperties: false }) }, () => 'ok')
  app.post('/zod-strict', { body: z.strictObject({ name: z.string() }) }, ({ body }) => body)
  app.post('/zod', { body: z.object({ ids: z.array(z.number()) }) }, ({ body }) => body)
  return app
}

describe('JSON nesting depth', () => {
  const client = new TestClient(api())
  const send = (path: string, body: string) =>
    client.post(path, { body, headers: { 'content-type': 'application/json' } })

  it('answers 5,000 nested arrays (10 KB) with a 422 at the first bracket past depth 128', async () => {
    const res = await send('/items', nestedArrays(5000))
    expect(res.status).toBe(422)
    expect(res.json()).toEqual({ detail: [tooDeep(128)] })
  })

  it('answers 5,000 nested objects (30 KB) the same way, at the brace that opens level 129', async () => {
    const res = await send('/items', nestedObjects(5000))
    expect(res.status).toBe(422)
    expect(res.json()).toEqual({ detail: [tooDeep(128 * 5)] })
  })

  it('accepts exactly the maximum depth, and brackets inside strings do not count', async () => {
    const res = await send('/any', nestedArrays(128))
    expect(res.status).toBe(200)
    const quoted = await send('/any', JSON.stringify({ text: '['.repeat(1000), escaped: '\\"[[[' }))
    expect(quoted.status).toBe(200)
    expect(quoted.json()).toEqual({ body: { text: '['.repeat(1000), escaped: '\\"[[[' } })
  })

  it('takes a per-route jsonMaxDepth', async () => {
    expect((await send('/shallow', '{"a": [1]}')).status).toBe(200)
    const res = await send('/shallow', '{"a": [[1]]}')
    expect(res.status).toBe(422)
    expect(res.json()).toEqual({ detail: [tooDeep(7, 2)] })
  })

  it('takes an app-wide jsonMaxDepth, which a route option overrides', async () => {
    const strict = new TestClient(api({ jsonMaxDepth: 3 }))
    const post = (path: string, body: string) =>
      strict.post(path, { body, headers: { 'content-type': 'application/json' } })
    expect((await post('/any', nestedArrays(3))).status).toBe(200)
    expect((await post('/any', nestedArrays(4))).json()).toEqual({ detail: [tooDeep(3, 3)] })
    expect((await post('/shallow', nestedArrays(3))).json()).toEqual({ detail: [tooDeep(2, 2)] })
  })
})

describe('the 422 input echo is bounded', () => {
  const client = new TestClient(api())

  it('cuts long strings, wide arrays and objects, and deep containers, as documented', async () => {
    const wide = Object.fromEntries(Array.from({ length: 25 }, (_, i) => [`k${i}`, i]))
    const body = {
      text: 'x'.repeat(1500),
      list: Array.from({ length: 25 }, (_, i) => i),
      deep: { a: { b: { c: { d: 1 } } } },
      wide,
    }
    const res = await client.post('/items', { json: body })
    expect(res.status).toBe(422)
    const shownWide = Object.fromEntries(Array.from({ length: 20 }, (_, i) => [`k${i}`, i]))
    expect(res.json()).toEqual({
      detail: [
        {
          type: 'missing',
          loc: ['body', 'name'],
          msg: 'Field required',
          input: {
            text: `${'x'.repeat(1000)}… (500 more characters)`,
            list: [...Array.from({ length: 20 }, (_, i) => i), '… 5 more items'],
            deep: { a: { b: { c: '{object with 1 key}' } } },
            wide: { ...shownWide, '…': '5 more keys' },
          },
        },
      ],
    })
  })

  it('echoes a 100,000-key object as 20 keys and a count', async () => {
    const body = `{${Array.from({ length: 100_000 }, (_, i) => `"${i.toString(36)}":0`).join(',')}}`
    const res = await client.post('/items', { body, headers: { 'content-type': 'application/json' } })
    expect(res.status).toBe(422)
    const [missing] = res.json().detail
    expect(Object.keys(missing.input)).toHaveLength(21)
    expect(missing.input['…']).toBe('99980 more keys')
  })

  it('cuts a long msg (Zod lists every unknown key in it) and long loc keys', async () => {
    const unknown = Object.fromEntries(Array.from({ length: 2000 }, (_, i) => [`k${i}`, 0]))
    const res = await client.post('/zod-strict', { json: { name: 'a', ...unknown } })
    expect(res.status).toBe(422)
    const [extra] = res.json().detail
    expect(extra.type).toBe('extra_forbidden')
    expect(extra.msg.startsWith('Unrecognized keys: "k0", "k1"')).toBe(true)
    expect(extra.msg).toMatch(/^.{1000}… \(\d+ more characters\)$/s)

    const longKey = 'x'.repeat(5000)
    const strict = await client.post('/strict', { json: { name: 'a', [longKey]: 1 } })
    expect(strict.json().detail[0].loc).toEqual(['body', `${'x'.repeat(1000)}… (4000 more characters)`])
  })

  it('reports at most 100 issues, then one too_many_errors issue counting the rest', async () => {
    const res = await client.post('/zod', { json: { ids: Array(250).fill('a') } })
    expect(res.status).toBe(422)
    const { detail } = res.json()
    expect(detail).toHaveLength(101)
    expect(detail[99].loc).toEqual(['body', 'ids', 99])
    expect(detail[100]).toEqual({
      type: 'too_many_errors',
      loc: ['body'],
      msg: '150 more errors were not reported',
      input: null,
      ctx: { max_errors: 100, dropped: 150 },
    })
  })
})

describe('errors of large values are looked for in a bounded sample', () => {
  const client = new TestClient(api())

  it('reports unknown keys as extra_forbidden, as pydantic does', async () => {
    const res = await client.post('/strict', { json: { name: 'a', colour: 'red' } })
    expect(res.status).toBe(422)
    expect(res.json()).toEqual({
      detail: [
        {
          type: 'extra_forbidden',
          loc: ['body', 'colour'],
          msg: 'Extra inputs are not permitted',
          input: 'red',
        },
      ],
    })
  })

  it('finds errors among the first 100 items of a 100,000-item list, without a minItems artifact', async () => {
    const ids = Array.from({ length: 100_000 }, (_, i) => (i === 50 ? 'x' : i))
    const res = await client.post('/ints', { json: { ids } })
    expect(res.status).toBe(422)
    const { detail } = res.json()
    expect(detail).toHaveLength(1)
    expect(detail[0]).toMatchObject({
      type: expect.stringMatching(/^int_/),
      loc: ['body', 'ids', 50],
      input: 'x',
    })
  })

  it('says so when the fault lies past the sample', async () => {
    const ids = Array.from({ length: 100_000 }, (_, i) => (i === 90_000 ? 'x' : i))
    const res = await client.post('/ints', { json: { ids } })
    expect(res.status).toBe(422)
    const [only, ...rest] = res.json().detail
    expect(rest).toEqual([])
    expect(only).toMatchObject({
      type: 'value_error',
      loc: ['body'],
      msg: 'Value error, the input is invalid past the first 100 items or keys of its lists and objects, where errors are looked for',
    })
    expect(only.input.ids.at(-1)).toBe('… 99980 more items')
  })
})

describe('over a real socket', () => {
  let server: Awaited<ReturnType<App['listen']>>
  beforeAll(async () => {
    server = await api().listen({ port: 0, host: '127.0.0.1' })
  })
  afterAll(() => server.close())

  const raw = (request: string) =>
    new Promise<string>((resolve, reject) => {
      const socket = connect(server.port, '127.0.0.1')
      let data = ''
      socket.on('data', (chunk) => (data += chunk))
      socket.on('end', () => resolve(data))
      socket.on('error', reject)
      socket.end(request)
    })
  const post = (body: string) =>
    raw(
      `POST /items HTTP/1.1\r\nhost: x\r\ncontent-type: application/json\r\ncontent-length: ${body.length}\r\nconnection: close\r\n\r\n${body}`,
    )

  it('answers deep bodies with 422 and keeps serving', async () => {
    for (const body of [nestedArrays(5000), nestedObjects(5000), '['.repeat(1_000_000)]) {
      const answer = await post(body)
      expect(answer).toMatch(/^HTTP\/1\.1 422 /)
      expect(JSON.parse(answer.slice(answer.indexOf('\r\n\r\n') + 4)).detail[0].ctx).toEqual({
        error: 'Maximum nesting depth of 128 exceeded',
      })
    }
    const after = await post('{"name": "still up"}')
    expect(after).toMatch(/^HTTP\/1\.1 200 /)
    expect(after.endsWith('{"name":"still up"}')).toBe(true)
  })
})
