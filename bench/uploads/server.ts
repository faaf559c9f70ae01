/**
 * The server side of the upload benchmark: a Wharf app with one upload route (a file field, spooled
 * to a temporary file past 1 MiB, as FastAPI does), one route that drains a file as a stream without
 * spooling, and `/ping`. Prints `port <n>` once listening.
 */
import { App, FileUpload, readParts } from 'wharfjs'

const GiB = 1024 ** 3
const app = new App({ logger: false, multipart: { fileSize: 2 * GiB } })

app.post('/upload', { form: { file: FileUpload() } }, ({ body }) => ({
  filename: body.file.filename,
  size: body.file.size,
  spooled: body.file.spooled,
}))

app.post('/stream', async ({ request }) => {
  let size = 0
  const parts = readParts(request.bodyStream(3 * GiB), request.headers['content-type'] ?? '', {
    fileSize: 2 * GiB,
  })
  for await (const part of parts)
    if (part.kind === 'file') for await (const chunk of part.stream) size += chunk.length
  return { size }
})

app.get('/ping', () => ({ pong: true }))

const server = await app.listen({ host: '127.0.0.1', port: 0 })
console.log(`port ${server.port}`)
