import { afterEach, describe, expect, it } from 'vitest'
import { App, HTTPException, json } from 'wharfjs'
import { ADAPTERS, type Served } from './adapters.ts'

class Teapot extends Error {}
class Shy extends Error {}

const cyclic = () => {
  const value: Record<string, unknown> = { name: 'loop' }
  value.self = value
  return value
}

/** An app where every way of answering an error fails in its own way. */
function fragileApp(): App {
  const app = new App({ logger: false })
  app.use(async (ctx, next) => {
    const response = await next()
    if (ctx.pathname === '/after-next') throw new Error('middleware failed on the way out')
    return response
  })
  app.exceptionHandler(Teapot, () => {
    throw new Error('the exception handler itself failed')
  })
  app.exceptionHandler(Shy, () => json(cyclic()))
  app.get('/handler-throws', () => {
    throw new Teapot()
  })
  app.get('/handler-body-unserializable', () => {
    throw new Shy()
  })
  app.get('/detail-unserializable', () => {
    throw new HTTPException(400, cyclic())
  })
  app.get('/value-unserializable', () => cyclic())
  app.get('/after-next', () => ({ ok: true }))
  app.get('/ok', () => ({ ok: true }))
  return app
}

const INTERNAL = { detail: 'Internal Server Error' }

describe.each(ADAPTERS)('answering errors that fail in turn, on $name', (adapter) => {
  let served: Served | undefined
  afterEach(async () => {
    await served?.close()
    served = undefined
  })

  it.each([
    ['an exception handler that throws', '/handler-throws'],
    ['an exception handler whose response cannot be serialized', '/handler-body-unserializable'],
    ['an HTTPException whose detail cannot be serialized', '/detail-unserializable'],
    ['a return value that cannot be serialized', '/value-unserializable'],
    ['a middleware that throws after next()', '/after-next'],
  ])('%s becomes a plain 500, and the server goes on', async (_case, path) => {
    served = await adapter.serve(fragileApp())
    const reply = await served.request('GET', path)
    expect([reply.status, reply.headers['content-type'], JSON.parse(reply.text)]).toEqual([
      500,
      'application/json',
      INTERNAL,
    ])
    const after = await served.request('GET', '/ok')
    expect([after.status, JSON.parse(after.text)]).toEqual([200, { ok: true }])
  })

  it('answers with the last resort when even the logger throws', async () => {
    const throwing = () => {
      throw new Error('the logger is broken')
    }
    const log = { error: throwing, warn: throwing, info: throwing, child: () => log }
    const app = fragileApp()
    Object.defineProperty(app, 'log', { value: log })
    served = await adapter.serve(app)
    const reply = await served.request('GET', '/handler-throws')
    expect([reply.status, JSON.parse(reply.text)]).toEqual([500, INTERNAL])
  })
})
