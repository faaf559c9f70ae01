import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { request } from 'node:http'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import zlib from 'node:zlib'
import { afterAll, describe, expect, it } from 'vitest'
import { App, compression, cors, file, HTTPResponse, json, sse, stream, text } from 'wharfjs'
import { TestClient } from 'wharfjs/testing'
import { compressStream, FLUSH } from '../../src/middleware/compress-stream.ts'

const LARGE = 'x'.repeat(1000)
const GZIP = { 'accept-encoding': 'gzip, deflate' }

const folder = mkdtempSync(join(tmpdir(), 'wharf-compression-'))
const bigFile = join(folder, 'big.txt')
writeFileSync(bigFile, 'y'.repeat(4000))

async function* chunks(...parts: string[]) {
  for (const part of parts) yield part
}

function appWith(options?: Parameters<typeof compression>[0]) {
  const app = new App({ logger: false })
  app.use(compression(options))
  app.get('/large', () => text(LARGE))
  app.get('/small', () => text('x'.repeat(499)))
  app.get('/exact', () => text('x'.repeat(500)))
  app.get(
    '/bytes',
    () => new HTTPResponse(200, { 'content-type': 'application/octet-stream' }, Buffer.alloc(800, 7)),
  )
  app.get('/json', () => json({ items: Array.from({ length: 100 }, (_, i) => ({ id: i })) }))
  app.get('/stream', () => stream(chunks('Hello, ', 'world'), { mediaType: 'text/plain' }))
  app.get('/events', () => sse(chunks(LARGE)))
  app.get('/encoded', () => text(LARGE, { headers: { 'content-encoding': 'identity' } }))
  app.get('/not-modified', () => new HTTPResponse(304, { 'content-type': 'text/plain' }, LARGE))
  app.get('/empty', () => new HTTPResponse(200, {}, null))
  app.get('/file', () => file(bigFile))
  app.get('/png', () => new HTTPResponse(200, { 'content-type': 'image/png' }, Buffer.alloc(800)))
  return new TestClient(app)
}

afterAll(() => rmSync(folder, { recursive: true, force: true }))

describe('compression(): complete bodies', () => {
  it('gzips a body of 500 bytes or more: content-encoding, vary, content-length of the compressed bytes', async () => {
    const res = await appWith().get('/large', { headers: GZIP })
    expect(res.status).toBe(200)
    expect(res.headers['content-encoding']).toBe('gzip')
    expect(res.headers.vary).toBe('Accept-Encoding')
    expect(res.headers['content-type']).toBe('text/plain; charset=utf-8')
    expect(res.headers['content-length']).toBe(String(res.body.length))
    expect(res.body.length).toBeLessThan(100)
    expect(zlib.gunzipSync(res.body).toString()).toBe(LARGE)
  })

  it('uses level 9 by default (gzip header XFL 2); level 1 gives XFL 4', async () => {
    expect((await appWith().get('/large', { headers: GZIP })).body[8]).toBe(2)
    expect((await appWith({ level: 1 }).get('/large', { headers: GZIP })).body[8]).toBe(4)
  })

  it('the threshold is inclusive: 500 bytes are compressed, 499 are not (and get no vary)', async () => {
    const client = appWith()
    const exact = await client.get('/exact', { headers: GZIP })
    expect(exact.headers['content-encoding']).toBe('gzip')
    const small = await client.get('/small', { headers: GZIP })
    expect(small.headers['content-encoding']).toBeUndefined()
    expect(small.headers.vary).toBeUndefined()
    expect(small.text).toBe('x'.repeat(499))
  })

  it('minimumSize moves the threshold', async () => {
    const res = await appWith({ minimumSize: 100 }).get('/small', { headers: GZIP })
    expect(res.headers['content-encoding']).toBe('gzip')
    expect(zlib.gunzipSync(res.body).toString()).toBe('x'.repeat(499))
  })

  it('compresses bytes and JSON alike', async () => {
    const client = appWith()
    const bytes = await client.get('/bytes', { headers: GZIP })
    expect(bytes.headers['content-encoding']).toBe('gzip')
    expect(zlib.gunzipSync(bytes.body)).toEqual(Buffer.alloc(800, 7))
    const body = await client.get('/json', { headers: GZIP })
    expect(body.headers['content-encoding']).toBe('gzip')
    expect(JSON.parse(zlib.gunzipSync(body.body).toString()).items).toHaveLength(100)
  })

  it('without an acceptable coding: sent as is, but with vary: Accept-Encoding', async () => {
    const client = appWith()
    for (const headers of [{}, { 'accept-encoding': 'gzip;q=0, deflate' }, { 'accept-encoding': 'br' }]) {
      const res = await client.get('/large', { headers })
      expect(res.headers['content-encoding']).toBeUndefined()
      expect(res.headers.vary).toBe('Accept-Encoding')
      expect(res.text).toBe(LARGE)
    }
  })

  it('`*` accepts gzip; q-values are read case-insensitively', async () => {
    const client = appWith()
    expect(
      (await client.get('/large', { headers: { 'accept-encoding': '*' } })).headers['content-encoding'],
    ).toBe('gzip')
    expect(
      (await client.get('/large', { headers: { 'accept-encoding': 'GZIP;Q=0.5' } })).headers[
        'content-encoding'
      ],
    ).toBe('gzip')
  })

  it('leaves alone: already encoded, 304, no body, excluded types, files', async () => {
    const client = appWith({ excludeContentTypes: ['text/event-stream', 'image/*'] })
    const encoded = await client.get('/encoded', { headers: GZIP })
    expect(encoded.headers['content-encoding']).toBe('identity')
    expect(encoded.headers.vary).toBeUndefined()
    expect(encoded.text).toBe(LARGE)
    const notModified = await client.get('/not-modified', { headers: GZIP })
    expect(notModified.status).toBe(304)
    expect(notModified.headers['content-encoding']).toBeUndefined()
    const empty = await client.get('/empty', { headers: GZIP })
    expect(empty.headers['content-encoding']).toBeUndefined()
    expect(empty.headers.vary).toBeUndefined()
    const png = await client.get('/png', { headers: GZIP })
    expect(png.headers['content-encoding']).toBeUndefined()
    expect(png.body.length).toBe(800)
    const big = await client.get('/file', { headers: GZIP })
    expect(big.headers['content-encoding']).toBeUndefined()
    expect(big.headers.vary).toBeUndefined()
    expect(big.headers['content-length']).toBe('4000')
    expect(big.text).toBe('y'.repeat(4000))
  })

  it('never compresses server-sent events by default', async () => {
    const res = await appWith().get('/events', { headers: GZIP })
    expect(res.headers['content-type']).toBe('text/event-stream; charset=utf-8')
    expect(res.headers['content-encoding']).toBeUndefined()
    expect(res.text).toBe(`data: ${LARGE}\n\n`)
  })

  it('adds Accept-Encoding to an existing vary', async () => {
    const app = new App({ logger: false })
    app.use(compression())
    app.get('/', () => text(LARGE, { headers: { vary: 'Origin' } }))
    const res = await new TestClient(app).get('/', { headers: GZIP })
    expect(res.headers.vary).toBe('Origin, Accept-Encoding')
  })
})

describe('compression() with cors()', () => {
  it('cors() outermost: a compressed 404 carries both, and vary names both headers', async () => {
    const app = new App({ logger: false })
    app.use(cors({ allowOrigins: ['https://example.org'] }))
    app.use(compression({ minimumSize: 10 }))
    const res = await new TestClient(app).get('/missing', {
      headers: { ...GZIP, origin: 'https://example.org' },
    })
    expect(res.status).toBe(404)
    expect(res.headers['content-encoding']).toBe('gzip')
    expect(res.headers['access-control-allow-origin']).toBe('https://example.org')
    expect(res.headers.vary).toBe('Accept-Encoding, Origin')
    expect(JSON.parse(zlib.gunzipSync(res.body).toString())).toEqual({ detail: 'Not Found' })
  })
})

describe('compression(): Brotli (opt-in)', () => {
  it('with brotli: true, br is chosen when rated at least as high as gzip', async () => {
    const client = appWith({ brotli: true })
    const res = await client.get('/large', { headers: { 'accept-encoding': 'gzip, deflate, br, zstd' } })
    expect(res.headers['content-encoding']).toBe('br')
    expect(res.headers['content-length']).toBe(String(res.body.length))
    expect(zlib.brotliDecompressSync(res.body).toString()).toBe(LARGE)
    const gzipPreferred = await client.get('/large', { headers: { 'accept-encoding': 'gzip, br;q=0.5' } })
    expect(gzipPreferred.headers['content-encoding']).toBe('gzip')
  })

  it('streams are brotli-compressed too', async () => {
    const res = await appWith({ brotli: true }).get('/stream', { headers: { 'accept-encoding': 'br' } })
    expect(res.headers['content-encoding']).toBe('br')
    expect(zlib.brotliDecompressSync(res.body).toString()).toBe('Hello, world')
  })

  it('without brotli, a br-only client gets the body as is', async () => {
    const res = await appWith().get('/large', { headers: { 'accept-encoding': 'br' } })
    expect(res.headers['content-encoding']).toBeUndefined()
  })
})

describe('compression(): streamed bodies', () => {
  it('compresses any stream, however small (its size is unknown), and drops content-length', async () => {
    const app = new App({ logger: false })
    app.use(compression())
    app.get('/', () =>
      stream(chunks('Hello, ', 'world'), { mediaType: 'text/plain', headers: { 'content-length': '12' } }),
    )
    const res = await new TestClient(app).get('/', { headers: GZIP })
    expect(res.headers['content-encoding']).toBe('gzip')
    expect(res.headers.vary).toBe('Accept-Encoding')
    expect(res.headers['content-length']).toBeUndefined()
    expect(zlib.gunzipSync(res.body).toString()).toBe('Hello, world')
  })

  it('each chunk is flushed: what was yielded so far can be decoded before the stream ends', async () => {
    const compressed = compressStream(
      chunks('first chunk\n', 'second chunk\n'),
      () => zlib.createGzip(),
      FLUSH.gzip,
    )
    const iterator = compressed[Symbol.asyncIterator]()
    const received: Buffer[] = []
    const decodedSoFar = () =>
      zlib.gunzipSync(Buffer.concat(received), { finishFlush: zlib.constants.Z_SYNC_FLUSH }).toString()
    while (decodedSoFar() !== 'first chunk\n') {
      const step = await iterator.next()
      expect(step.done).toBe(false)
      received.push(Buffer.from(step.value!))
    }
    for (let step = await iterator.next(); !step.done; step = await iterator.next())
      received.push(Buffer.from(step.value))
    expect(zlib.gunzipSync(Buffer.concat(received)).toString()).toBe('first chunk\nsecond chunk\n')
  })

  it('stopping the compressed stream stops the source (its finally runs)', async () => {
    let cleanedUp = false
    async function* source() {
      try {
        yield 'a'
        yield 'b'
        await new Promise(() => {})
      } finally {
        cleanedUp = true
      }
    }
    const iterator = compressStream(source(), () => zlib.createGzip(), FLUSH.gzip)[Symbol.asyncIterator]()
    await iterator.next()
    await iterator.return!()
    expect(cleanedUp).toBe(true)
    expect(await iterator.next()).toEqual({ done: true, value: undefined })
  })

  it('a source that fails makes the compressed stream fail with its error', async () => {
    async function* failing() {
      yield 'a'
      throw new Error('source broke')
    }
    const iterator = compressStream(failing(), () => zlib.createGzip(), FLUSH.gzip)[Symbol.asyncIterator]()
    await expect(
      (async () => {
        for (;;) if ((await iterator.next()).done) break
      })(),
    ).rejects.toThrow('source broke')
  })

  it('over a real socket: chunked gzip, each chunk delivered before the next is produced', async () => {
    let firstArrived!: () => void
    const arrived = new Promise<void>((resolve) => (firstArrived = resolve))
    const app = new App({ logger: false })
    app.use(compression())
    app.get('/', () =>
      stream(
        (async function* () {
          yield 'line 1\n'
          // Only produced once the client decoded line 1: proves the first chunk was not held back.
          await arrived
          yield 'line 2\n'
        })(),
        { mediaType: 'text/plain' },
      ),
    )
    const server = await app.listen({ port: 0, host: '127.0.0.1' })
    try {
      const { headers, body } = await new Promise<{ headers: Record<string, unknown>; body: Buffer }>(
        (resolve, reject) => {
          request(`${server.url}/`, { headers: { 'accept-encoding': 'gzip' } }, (res) => {
            const parts: Buffer[] = []
            res.on('data', (part: Buffer) => {
              parts.push(part)
              try {
                const sync = { finishFlush: zlib.constants.Z_SYNC_FLUSH }
                if (zlib.gunzipSync(Buffer.concat(parts), sync).toString() === 'line 1\n') firstArrived()
              } catch {
                // Not even a whole gzip header yet: wait for more.
              }
            })
            res.on('end', () => resolve({ headers: res.headers, body: Buffer.concat(parts) }))
            res.on('error', reject)
          })
            .on('error', reject)
            .end()
        },
      )
      expect(headers['content-encoding']).toBe('gzip')
      expect(headers['transfer-encoding']).toBe('chunked')
      expect(headers['content-length']).toBeUndefined()
      expect(headers.vary).toBe('Accept-Encoding')
      expect(zlib.gunzipSync(body).toString()).toBe('line 1\nline 2\n')
    } finally {
      await server.close()
    }
  }, 10_000)
})
