import { describe, expect, it } from 'vitest'
import { App, file, HTTPResponse, html, json, jsonl, redirect, sse, stream, t, text } from 'wharfjs'
import { TestClient } from 'wharfjs/testing'
import { memoryLogger } from '../helpers.ts'

const User = t.Object({ id: t.Integer(), name: t.String() })
const Problem = t.Object({ reason: t.String() })

describe('response schema', () => {
  it('filters out fields the schema does not declare, nested ones too', async () => {
    const app = new App({ logger: false })
    app.get('/user', { response: t.Object({ user: User, tags: t.Array(t.String()) }) }, () => ({
      user: { id: 1, name: 'ann', password: 'hunter2' },
      tags: ['a'],
      hashed_password: 'x',
    }))
    const res = await new TestClient(app).get('/user')
    expect(res.text).toBe('{"user":{"id":1,"name":"ann"},"tags":["a"]}')
  })

  it('uses the schema declared for the status the handler set', async () => {
    const app = new App({ logger: false })
    app.get('/users/{id}', { path: { id: t.Integer() }, response: { 200: User, 404: Problem } }, (ctx) => {
      if (ctx.path.id !== 1) {
        ctx.response.status = 404
        return { reason: 'no such user', debug: 'secret' }
      }
      return { id: 1, name: 'ann', debug: 'secret' }
    })
    const client = new TestClient(app)
    expect((await client.get('/users/1')).text).toBe('{"id":1,"name":"ann"}')
    const missing = await client.get('/users/2')
    expect(missing.status).toBe(404)
    expect(missing.text).toBe('{"reason":"no such user"}')
  })

  it('answers 500, logged, when the value misses a required field', async () => {
    const { logger, lines } = memoryLogger()
    const app = new App({ logger })
    app.get('/broken', { response: User }, () => ({ id: 1 }) as never)
    const res = await new TestClient(app).get('/broken')
    expect(res.status).toBe(500)
    expect(res.json()).toEqual({ detail: 'Internal Server Error' })
    expect(lines.at(-1)?.err.type).toBe('ResponseValidationError')
  })
})

describe('status codes', () => {
  it('sends the route status, and no body for 204', async () => {
    const app = new App({ logger: false })
    app.post('/items', { status: 201 }, () => ({ id: 1 }))
    app.delete('/items/{id}', { status: 204 }, () => undefined)
    const client = new TestClient(app)
    const created = await client.post('/items')
    expect(created.status).toBe(201)
    expect(created.json()).toEqual({ id: 1 })
    const deleted = await client.delete('/items/1')
    expect(deleted.status).toBe(204)
    expect(deleted.text).toBe('')
    expect(deleted.headers['content-type']).toBeUndefined()
  })

  it('lets the handler set headers on the response built from its value', async () => {
    const app = new App({ logger: false })
    app.get('/', (ctx) => {
      ctx.response.headers['x-custom'] = 'yes'
      return { ok: true }
    })
    const res = await new TestClient(app).get('/')
    expect(res.headers['x-custom']).toBe('yes')
  })
})

describe('response helpers', () => {
  const app = new App({ logger: false })
  app.get('/json', () => json({ a: 1 }, { status: 207, headers: { 'x-direct': '1' } }))
  app.get('/html', () => html('<h1>Hi</h1>'))
  app.get('/text', () => text('plain'))
  app.get('/redirect', () => redirect('/items/?skip=5'))
  app.get('/custom', () => new HTTPResponse(418, { 'content-type': 'text/plain' }, 'teapot'))
  app.get('/web', () => new Response('from fetch', { status: 202, headers: { 'x-web': '1' } }))
  app.get('/stream', () =>
    stream(
      (async function* () {
        yield 'a'
        yield new TextEncoder().encode('b')
      })(),
      { mediaType: 'text/plain' },
    ),
  )
  app.get('/jsonl', () =>
    jsonl(
      (async function* () {
        yield { n: 1 }
        yield { n: 2 }
      })(),
    ),
  )
  app.get('/sse', () =>
    sse(
      (async function* () {
        yield { event: 'tick', id: '1', data: { n: 1 } }
        yield 'plain'
      })(),
    ),
  )
  app.get('/file', () =>
    file(new URL('../fixtures/greeting.txt', import.meta.url).pathname, { filename: 'greeting.txt' }),
  )
  app.get('/missing-file', () => file('/definitely/not/here.txt'))
  const client = new TestClient(app)

  it('json() bypasses the schema and keeps status and headers', async () => {
    const res = await client.get('/json')
    expect([res.status, res.headers['x-direct'], res.text]).toEqual([207, '1', '{"a":1}'])
  })

  it('html() and text() set the charset', async () => {
    expect((await client.get('/html')).headers['content-type']).toBe('text/html; charset=utf-8')
    const plain = await client.get('/text')
    expect([plain.headers['content-type'], plain.text]).toEqual(['text/plain; charset=utf-8', 'plain'])
  })

  it('redirect() answers 307 with the location as given and no body', async () => {
    const res = await client.get('/redirect')
    expect([res.status, res.headers.location, res.text]).toEqual([307, '/items/?skip=5', ''])
  })

  it('accepts HTTPResponse and web-standard Response objects', async () => {
    const teapot = await client.get('/custom')
    expect([teapot.status, teapot.text]).toEqual([418, 'teapot'])
    const web = await client.get('/web')
    expect([web.status, web.headers['x-web'], web.text]).toEqual([202, '1', 'from fetch'])
  })

  it('streams async iterables, JSON Lines and Server-Sent Events', async () => {
    const plain = await client.get('/stream')
    expect([plain.headers['content-type'], plain.text]).toEqual(['text/plain; charset=utf-8', 'ab'])
    const lines = await client.get('/jsonl')
    expect([lines.headers['content-type'], lines.text]).toEqual(['application/jsonl', '{"n":1}\n{"n":2}\n'])
    const events = await client.get('/sse')
    expect(events.headers['content-type']).toBe('text/event-stream; charset=utf-8')
    expect(events.headers['cache-control']).toBe('no-cache')
    expect(events.text).toBe('event: tick\nid: 1\ndata: {"n":1}\n\ndata: plain\n\n')
  })

  it('file() sends the file with length, type, validators and disposition', async () => {
    const res = await client.get('/file')
    expect(res.status).toBe(200)
    expect(res.text).toBe('Hello from a file\n')
    expect(res.headers['content-type']).toBe('text/plain; charset=utf-8')
    expect(res.headers['content-length']).toBe('18')
    // RFC 6266 token form, from the content-disposition package; a strong validator, as Starlette's.
    expect(res.headers['content-disposition']).toBe('attachment; filename=greeting.txt')
    expect(res.headers.etag).toMatch(/^"12-[0-9a-f]+"$/)
    expect(res.headers['last-modified']).toMatch(/GMT$/)
  })

  it('file() answers 404 for a missing file', async () => {
    const res = await client.get('/missing-file')
    expect([res.status, res.json()]).toEqual([404, { detail: 'Not Found' }])
  })
})
