import { describe, expect, it } from 'vitest'
import { App, json, t } from 'wharfjs'
import { TestClient } from 'wharfjs/testing'
import { memoryLogger } from '../helpers.ts'

describe('header names', () => {
  it('snake_case and camelCase read the hyphenated header; convertUnderscores: false keeps underscores', async () => {
    const app = new App({ logger: false })
    app.get(
      '/h',
      {
        headers: {
          user_agent: t.String(),
          xToken: t.String(),
          strange_header: t.String({ convertUnderscores: false }),
        },
      },
      ({ headers }) => headers,
    )
    const client = new TestClient(app)
    const ok = await client.get('/h', {
      headers: { 'user-agent': 'ua', 'x-token': 'tok', strange_header: 'kept' },
    })
    expect([ok.status, ok.json()]).toEqual([200, { user_agent: 'ua', xToken: 'tok', strange_header: 'kept' }])
    const hyphen = await client.get('/h', {
      headers: { 'user-agent': 'ua', 'x-token': 'tok', 'strange-header': 'no' },
    })
    expect([hyphen.status, hyphen.json()]).toEqual([
      422,
      {
        detail: [{ type: 'missing', loc: ['header', 'strange_header'], msg: 'Field required', input: null }],
      },
    ])
    const parameters = app.openapi().paths['/h']?.get?.parameters
    expect(parameters?.map((p) => [p.name, p.schema])).toEqual([
      ['user-agent', { type: 'string' }],
      ['x-token', { type: 'string' }],
      ['strange_header', { type: 'string' }],
    ])
  })
})

describe('a replaced 500 handler keeps the error log line', () => {
  it('logs the error with its stack, then answers with the handler response', async () => {
    const { logger, lines } = memoryLogger()
    const app = new App({ logger })
    app.exceptionHandler(Error, () => json({ message: 'Sorry' }, { status: 500 }))
    app.get('/boom', () => {
      throw new Error('kaput')
    })
    const res = await new TestClient(app).get('/boom')
    expect([res.status, res.json()]).toEqual([500, { message: 'Sorry' }])
    const logged = lines.filter((line) => line.level === 50)
    expect(logged.map((line) => [line.msg, line.err?.message])).toEqual([
      ['Unhandled error while handling a request', 'kaput'],
    ])
    expect(logged[0]?.err?.stack).toContain('kaput')
  })

  it('a handler answering 4xx for its own error class logs nothing at error level', async () => {
    const { logger, lines } = memoryLogger()
    const app = new App({ logger })
    class OutOfStock extends Error {}
    app.exceptionHandler(OutOfStock, () => json({ message: 'Out of stock' }, { status: 409 }))
    app.get('/buy', () => {
      throw new OutOfStock()
    })
    expect((await new TestClient(app).get('/buy')).status).toBe(409)
    expect(lines.filter((line) => line.level >= 50)).toEqual([])
  })
})
