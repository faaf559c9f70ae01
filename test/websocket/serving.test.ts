import { request } from 'node:http'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { App, type RunningServer } from 'wharfjs'
import { connect, refusal, within } from './client.ts'

const app = new App({ logger: false })
app.get('/plain', () => ({ plain: true }))
app.websocket('/where', async ({ ws, request, pathname }) => {
  await ws.accept()
  await ws.sendJson({ pathname, rootPath: request.rootPath ?? null, id: request.id ?? null })
})

let server: RunningServer
let base: string
beforeAll(async () => {
  server = await app.listen({ port: 0, rootPath: '/api', requestId: true })
  base = `ws://127.0.0.1:${server.port}`
})
afterAll(async () => {
  await server.close()
})

describe('serving WebSockets next to HTTP', () => {
  it('strips the root path and gives the handshake a request id, as for HTTP requests', async () => {
    const { next } = await connect(`${base}/api/where`, { headers: { 'x-request-id': 'abc-123' } })
    expect(JSON.parse((await next()) as string)).toEqual({
      pathname: '/where',
      rootPath: '/api',
      id: 'abc-123',
    })
    const direct = await connect(`${base}/where`)
    expect(JSON.parse((await direct.next()) as string)).toMatchObject({ pathname: '/where' })
  })

  it('serves other upgrade requests (h2c) as plain HTTP', async () => {
    const answer = await within(
      new Promise<{ status: number; body: string }>((resolve, reject) => {
        const req = request(`${server.url}/plain`, { headers: { connection: 'upgrade', upgrade: 'h2c' } })
        req.on('error', reject)
        req.on('response', (res) => {
          let body = ''
          res.setEncoding('utf8')
          res.on('data', (chunk: string) => {
            body += chunk
          })
          res.on('end', () => resolve({ status: res.statusCode ?? 0, body }))
        })
        req.end()
      }),
    )
    expect(answer).toEqual({ status: 200, body: '{"plain":true}' })
  })

  it('refuses a handshake without a valid Sec-WebSocket-Key with 400', async () => {
    const answer = await within(
      new Promise<number>((resolve, reject) => {
        const req = request(`${server.url}/api/where`, {
          headers: { connection: 'upgrade', upgrade: 'websocket' },
        })
        req.on('error', reject)
        req.on('response', (res) => {
          res.resume()
          resolve(res.statusCode ?? 0)
        })
        req.end()
      }),
    )
    expect(answer).toBe(400)
    expect(await refusal(`${base}/api/nowhere`)).toEqual({ status: 403, body: '{"detail":"Forbidden"}' })
  })
})
