import { afterAll, beforeAll, expect, it } from 'vitest'
import { App, type RunningServer, t } from 'wharfjs'
import { accessLineOf, memoryLogger } from '../helpers.ts'
import { RawConnection } from '../raw-connection.ts'

const { logger, lines } = memoryLogger()
const app = new App({ logger })
let started = () => {}
app.get('/slow', async () => {
  started()
  await new Promise((resolve) => setTimeout(resolve, 300))
  return { slow: true }
})
app.post('/items', { body: t.Object({ name: t.String() }) }, async ({ body }) => body)

let server: RunningServer
beforeAll(async () => {
  server = await app.listen({ port: 0, accessLog: true, requestTimeout: 1_000 })
})
afterAll(() => server.close())

const accessLine = (path: string) => accessLineOf(lines, path)

it('a client that goes away before its response is logged 499 (nginx), not the 200 the app chose', async () => {
  const inHandler = new Promise<void>((resolve) => (started = resolve))
  const client = new RawConnection(server.port)
  client.write('GET /slow?gone HTTP/1.1\r\nHost: x\r\n\r\n')
  await inHandler
  client.destroy()
  expect(await accessLine('/slow?gone')).toMatchObject({ method: 'GET', status: 499, aborted: true })
})

it('a body cut by the request timeout is logged 408, the answer its client got', async () => {
  const client = new RawConnection(server.port)
  client.write(
    'POST /items?slow HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 50\r\n\r\n{',
  )
  client.trickle(' ', 100)
  expect((await client.response()).status).toBe(408)
  const line = await accessLine('/items?slow')
  expect(line).toMatchObject({ method: 'POST', status: 408 })
  expect(line.aborted).toBeUndefined()
})
