import { mkdtempSync, readdirSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { App, FileBytes, FileUpload, HTTPException, t, type UploadFile } from 'wharfjs'
import { TestClient } from 'wharfjs/testing'
import { sleep } from '../helpers.ts'

const spoolDir = mkdtempSync(join(tmpdir(), 'wharf-routes-test-'))
process.env.TMPDIR = spoolDir
const spooled = () => readdirSync(spoolDir).filter((name) => name.startsWith('wharf-upload-'))
/** Cleanup runs after the response: give it a moment. */
const settled = async () => {
  for (let i = 0; i < 50 && spooled().length > 0; i++) await sleep(10)
  return spooled()
}

const describeUpload = (file: UploadFile) => ({
  filename: file.filename,
  contentType: file.contentType,
  size: file.size,
  spooled: file.spooled,
})

function makeApp() {
  const app = new App({ logger: false, multipart: { spoolThreshold: 1024 } })
  app.post(
    '/files',
    {
      form: {
        upload: FileUpload(),
        attachments: t.Array(FileUpload(), { maxItems: 2, default: [] }),
        thumbnail: t.Optional(FileBytes()),
        note: t.Optional(t.String()),
        count: t.Integer({ default: 1 }),
      },
    },
    async ({ body }) => ({
      upload: { ...describeUpload(body.upload), text: (await body.upload.text()).slice(0, 20) },
      attachments: body.attachments.map(describeUpload),
      thumbnail: body.thumbnail ? [...body.thumbnail] : null,
      note: body.note ?? null,
      count: body.count,
    }),
  )
  app.post(
    '/small',
    { form: { file: FileUpload() }, multipart: { fileSize: 10 } },
    ({ body }) => body.file.size,
  )
  app.post('/bounded', { form: { file: FileUpload() }, bodyLimit: 1000 }, ({ body }) => body.file.size)
  app.post('/fails', { form: { file: FileUpload() } }, () => {
    throw new HTTPException(409, 'Conflict after reading')
  })
  app.post('/login', { form: { username: t.String(), password: t.String() } }, ({ body }) => body)
  return app
}

describe('multipart routes: FileUpload() and FileBytes() fields', () => {
  const client = new TestClient(makeApp())

  it('gives the handler UploadFiles, bytes and coerced text fields (TestClient files=)', async () => {
    const res = await client.post('/files', {
      form: { note: 'hello', count: '3' },
      files: {
        upload: { filename: 'notes.txt', content: 'some notes', contentType: 'text/plain' },
        attachments: [
          { filename: 'a.bin', content: new Uint8Array(2000) },
          new File(['b'], 'b.txt', { type: 'text/plain' }),
        ],
        thumbnail: { filename: 't.png', content: new Uint8Array([1, 2, 3]), contentType: 'image/png' },
      },
    })
    expect(res.status).toBe(200)
    expect(res.json()).toEqual({
      upload: {
        filename: 'notes.txt',
        contentType: 'text/plain',
        size: 10,
        spooled: false,
        text: 'some notes',
      },
      attachments: [
        { filename: 'a.bin', contentType: 'application/octet-stream', size: 2000, spooled: true },
        { filename: 'b.txt', contentType: 'text/plain', size: 1, spooled: false },
      ],
      thumbnail: [1, 2, 3],
      note: 'hello',
      count: 3,
    })
    expect(await settled()).toEqual([])
  })

  it('answers 422 in FastAPI shape, in declaration order: missing file, text for a file, bad field, too many files', async () => {
    const res = await client.post('/files', {
      form: { thumbnail: 'not a file', count: 'x' },
      files: { attachments: [1, 2, 3].map((n) => ({ filename: `${n}.txt`, content: 'x' })) },
    })
    expect(res.status).toBe(422)
    const detail = res.json().detail
    expect(detail.map((item: any) => [item.type, item.loc])).toEqual([
      ['missing', ['body', 'upload']],
      ['too_long', ['body', 'attachments']],
      ['value_error', ['body', 'thumbnail']],
      ['int_parsing', ['body', 'count']],
    ])
    expect(detail[0]).toEqual({
      type: 'missing',
      loc: ['body', 'upload'],
      msg: 'Field required',
      input: null,
    })
    expect(detail[2]).toEqual({
      type: 'value_error',
      loc: ['body', 'thumbnail'],
      msg: "Value error, Expected UploadFile, received: <class 'str'>",
      input: 'not a file',
      ctx: { error: {} },
    })
    expect(await settled()).toEqual([])
  })

  it('a url-encoded or JSON body to a file route: the files are missing (422), as in FastAPI', async () => {
    for (const options of [{ form: { note: 'x' } }, { json: { upload: 'x' } }]) {
      const res = await client.post('/files', options)
      expect(res.status).toBe(422)
      expect(res.json().detail[0].loc).toEqual(['body', 'upload'])
    }
  })

  it('a file over the route limit: 413 in FastAPI shape, connection closed', async () => {
    const res = await client.post('/small', { files: { file: { filename: 'big', content: 'x'.repeat(11) } } })
    expect([res.status, res.json(), res.headers.connection]).toEqual([
      413,
      { detail: 'File "file" is larger than the limit of 10 bytes' },
      'close',
    ])
    const ok = await client.post('/small', { files: { file: { filename: 'ok', content: 'x'.repeat(10) } } })
    expect([ok.status, ok.json()]).toEqual([200, 10])
  })

  it('an explicit bodyLimit bounds the whole multipart body: 413', async () => {
    const res = await client.post('/bounded', {
      files: { file: { filename: 'f', content: 'x'.repeat(5000) } },
    })
    expect([res.status, res.json()]).toEqual([
      413,
      { detail: 'Request body is larger than the limit of 1000 bytes' },
    ])
    expect(await settled()).toEqual([])
  })

  it('a malformed body: 400 with FastAPI message', async () => {
    const res = await client.post('/files', {
      body: '--x\r\nContent-Disposition: form-data; name="upload"; filename="a"\r\n\r\ntrunc',
      headers: { 'content-type': 'multipart/form-data; boundary=x' },
    })
    expect([res.status, res.json()]).toEqual([400, { detail: 'There was an error parsing the body' }])
  })

  it('removes spooled files after the response when the handler throws', async () => {
    const res = await client.post('/fails', {
      files: { file: { filename: 'big.bin', content: new Uint8Array(50_000) } },
    })
    expect([res.status, res.json()]).toEqual([409, { detail: 'Conflict after reading' }])
    expect(await settled()).toEqual([])
  })

  it('a plain form (no file fields) also reads multipart bodies, ignoring files', async () => {
    const res = await client.post('/login', {
      form: { username: 'ann', password: 'secret' },
      files: { avatar: { filename: 'a.png', content: 'png' } },
    })
    expect([res.status, res.json()]).toEqual([200, { username: 'ann', password: 'secret' }])
  })
})

describe('multipart routes: every adapter', () => {
  it('node:http: an upload through a real socket, spooled, cleaned up', async () => {
    const app = makeApp()
    const server = await app.listen({ port: 0 })
    try {
      const form = new FormData()
      form.append('upload', new File([Buffer.alloc(100_000, 'z')], 'big.txt', { type: 'text/plain' }))
      const res = await fetch(`${server.url}/files`, { method: 'POST', body: form })
      expect(res.status).toBe(200)
      expect((await res.json()).upload).toEqual({
        filename: 'big.txt',
        contentType: 'text/plain',
        size: 100_000,
        spooled: true,
        text: 'z'.repeat(20),
      })
      expect(await settled()).toEqual([])
    } finally {
      await server.close()
    }
  })

  it('node:http: a file over the limit answers 413 before the whole body is sent', async () => {
    const app = makeApp()
    const server = await app.listen({ port: 0 })
    try {
      const form = new FormData()
      form.append('file', new File([Buffer.alloc(8 * 1024 * 1024)], 'big.bin'))
      const res = await fetch(`${server.url}/small`, { method: 'POST', body: form }).catch((error) => error)
      // The server answers and closes: fetch gets the 413, or (if it was still sending) a reset.
      if (!(res instanceof Error))
        expect([res.status, await res.json()]).toEqual([
          413,
          { detail: 'File "file" is larger than the limit of 10 bytes' },
        ])
      expect(await settled()).toEqual([])
    } finally {
      await server.close()
    }
  })

  it('fetch adapter: the same upload', async () => {
    const app = makeApp()
    const form = new FormData()
    form.append('upload', new File(['hi'], 'hi.txt', { type: 'text/plain' }))
    const res = await app.fetch(new Request('http://localhost/files', { method: 'POST', body: form }))
    expect([res.status, (await res.json()).upload.text]).toEqual([200, 'hi'])
  })
})
