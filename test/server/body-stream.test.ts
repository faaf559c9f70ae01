import { afterAll, beforeAll, expect, it } from 'vitest'
import { App, type RunningServer } from 'wharfjs'
import { RawConnection } from '../raw-connection.ts'

// A route that streams the request body itself (an upload passed on chunk by chunk).
const app = new App({ logger: false })
app.post('/upload', async (ctx) => {
  let size = 0
  for await (const chunk of ctx.request.bodyStream(1_000)) size += chunk.length
  return { size }
})
app.post('/first-chunk', async (ctx) => {
  for await (const chunk of ctx.request.bodyStream(1_000_000)) return { first: chunk.length > 0 }
  return { first: false }
})

let server: RunningServer
beforeAll(async () => {
  server = await app.listen({ port: 0 })
})
afterAll(() => server.close())

it('a streamed chunked body past the limit gets its 413 (not a reset), then the connection is closed', async () => {
  const client = new RawConnection(server.port)
  client.write('POST /upload HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n')
  const stop = client.trickle(`200\r\n${'a'.repeat(0x200)}\r\n`, 10)
  const answer = await client.response()
  stop()
  expect(answer.status).toBe(413)
  expect(answer.body).toBe('{"detail":"Request body is larger than the limit of 1000 bytes"}')
  expect(answer.headers.connection).toBe('close')
  expect(await client.closedWithin(3_000)).toBeTypeOf('number')
})

it('a route that stops reading a 60 KiB streamed body early answers, the rest is drained, the connection kept', async () => {
  const client = new RawConnection(server.port)
  client.write(`POST /first-chunk HTTP/1.1\r\nHost: x\r\nContent-Length: 61440\r\n\r\n`)
  client.write('a'.repeat(1_000))
  // The rest arrives once the route has answered.
  await new Promise((resolve) => setTimeout(resolve, 100))
  client.write('a'.repeat(60_440))
  expect(await client.response()).toMatchObject({ status: 200, body: '{"first":true}' })
  client.write(`POST /upload HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\n\r\nabc`)
  expect(await client.response()).toMatchObject({ status: 200, body: '{"size":3}' })
  client.destroy()
})
