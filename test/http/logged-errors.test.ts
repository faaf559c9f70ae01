import { createServer } from 'node:net'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { App } from 'wharfjs'
import { type HTTPStatusError, HttpClient, type UpstreamError } from 'wharfjs/http'
import { TestClient } from 'wharfjs/testing'
import { memoryLogger } from '../helpers.ts'
import { startUpstream, type Upstream } from './upstream.ts'

let upstream: Upstream
let refusedUrl: string
const http = new HttpClient({ timeout: 2_000 })

beforeAll(async () => {
  upstream = await startUpstream({
    '/down': (_req, res) => {
      res.writeHead(503, { 'content-type': 'text/plain', 'set-cookie': 'session=cookie-secret' })
      res.end('body-secret '.repeat(1_000))
    },
  })
  const closed = createServer()
  await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve))
  refusedUrl = `http://127.0.0.1:${(closed.address() as { port: number }).port}`
  await new Promise<void>((resolve) => closed.close(() => resolve()))
})
afterAll(async () => {
  await http.close()
  await upstream.close()
})

/** An app calling `target`, its log lines, and the errors its routes saw. */
function appCalling(target: () => string) {
  const { logger, lines } = memoryLogger()
  const app = new App({ logger })
  const seen: UpstreamError[] = []
  app.get('/call', async () => {
    try {
      return (await http.get(target(), { query: { token: 'query-secret' } })).raiseForStatus().json()
    } catch (error) {
      seen.push(error as UpstreamError)
      throw error
    }
  })
  return { client: new TestClient(app), lines, seen }
}

it('an unhandled outbound failure is logged without the query string (keys stay out of the logs)', async () => {
  const { client, lines, seen } = appCalling(() => `${refusedUrl}/data?api_key=url-secret`)
  const res = await client.get('/call')
  expect([res.status, res.json()]).toEqual([502, { detail: 'Could not connect to the upstream server' }])
  const logged = lines.find((line) => line.msg === 'An outbound HTTP call failed')
  expect(logged?.level).toBe(40)
  // pino appends the cause's message.
  expect(logged?.err.message).toMatch(`GET ${refusedUrl}/data?…: could not connect (ECONNREFUSED):`)
  expect(JSON.stringify(lines)).not.toMatch(/secret/)
  // Code still sees the whole URL.
  expect(seen[0]?.url).toBe(`${refusedUrl}/data?api_key=url-secret&token=query-secret`)
})

it("an upstream's error status is logged without its URL query, headers or body", async () => {
  const { client, lines, seen } = appCalling(() => `${upstream.url}/down?api_key=url-secret`)
  const res = await client.get('/call')
  expect([res.status, res.json()]).toEqual([502, { detail: 'The upstream server answered 503' }])
  const logged = lines.find((line) => line.msg === 'An outbound HTTP call failed')
  expect(logged?.err.message).toBe(`GET ${upstream.url}/down?…: the upstream answered 503`)
  expect(JSON.stringify(lines)).not.toMatch(/secret/)
  const error = seen[0] as HTTPStatusError
  expect(error.response.status).toBe(503)
  expect(error.response.headers['set-cookie']).toBe('session=cookie-secret')
})
