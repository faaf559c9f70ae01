import { Readable } from 'node:stream'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { App, type RunningServer, stream } from 'wharfjs'
import { accessLineOf, memoryLogger } from '../helpers.ts'
import { RawConnection } from '../raw-connection.ts'

// Responses that are ready only after their client has left: nothing is written, the app's status is
// still what the access log reports, and a streamed body's source is closed so its cleanup runs.
const { logger, lines } = memoryLogger()
const app = new App({ logger })
let started = () => {}
let cleanedUp = () => {}
const afterClientLeft = async () => {
  started()
  await new Promise((resolve) => setTimeout(resolve, 200))
}

app.post('/created', { status: 201 }, async () => {
  await afterClientLeft()
  return { created: true }
})
app.get('/stream', async () => {
  await afterClientLeft()
  // A source holding a resource until it is destroyed (a file stream's descriptor, say).
  const source = new Readable({
    read() {
      this.push('chunk\n')
    },
    destroy(error, callback) {
      cleanedUp()
      callback(error)
    },
  })
  return stream(source)
})

let server: RunningServer
beforeAll(async () => {
  server = await app.listen({ port: 0, accessLog: true })
})
afterAll(() => server.close())

async function leaveDuringHandler(request: string): Promise<void> {
  const inHandler = new Promise<void>((resolve) => (started = resolve))
  const client = new RawConnection(server.port)
  client.write(request)
  await inHandler
  client.destroy()
  await client.closed
}

const accessLine = (path: string) => accessLineOf(lines, path)

it('a response ready after its client left is logged 499 with the status the app chose', async () => {
  await leaveDuringHandler('POST /created HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\n\r\n')
  expect(await accessLine('/created')).toMatchObject({ status: 499, appStatus: 201, aborted: true, bytes: 0 })
})

it('a streamed body whose client left before it started is closed: its source is destroyed', async () => {
  const closed = new Promise<'closed'>((resolve) => (cleanedUp = () => resolve('closed')))
  await leaveDuringHandler('GET /stream HTTP/1.1\r\nHost: x\r\n\r\n')
  const bound = new Promise<'still open'>((resolve) => setTimeout(() => resolve('still open'), 2_000))
  expect(await Promise.race([closed, bound])).toBe('closed')
  expect(await accessLine('/stream')).toMatchObject({ status: 499, appStatus: 200, aborted: true, bytes: 0 })
})
