import { mkdtempSync, readdirSync, readFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import {
  DEFAULT_MULTIPART_LIMITS,
  HTTPException,
  type MultipartLimits,
  RequestValidationError,
  readMultipartForm,
  readParts,
  SpoolFiles,
} from 'wharfjs'
import { chunked, encodeForm, rawMultipart } from './encode.ts'

// Temporary files of this test file go to a folder of its own, so they can be counted.
const spoolDir = mkdtempSync(join(tmpdir(), 'wharf-spool-test-'))
process.env.TMPDIR = spoolDir
const spooled = () => readdirSync(spoolDir).filter((name) => name.startsWith('wharf-upload-'))

async function read(body: Buffer, contentType: string, limits: MultipartLimits = {}, chunkSize = 1000) {
  const files = new SpoolFiles()
  const { chunks, stats } = chunked(body, chunkSize)
  const outcome = await readMultipartForm(chunks, contentType, limits, files).then(
    (form) => ({ form, error: undefined }),
    (error: unknown) => ({ form: undefined, error }),
  )
  return { ...outcome, files, stats }
}

const BIG = Buffer.alloc(300_000, 'abcdefghij')

describe('readMultipartForm: fields and files', () => {
  it('reads fields and several files per field, small ones in memory, large ones spooled to disk', async () => {
    const form = new FormData()
    form.append('title', 'Holiday')
    form.append('tags', 'a')
    form.append('tags', 'b')
    form.append('photos', new File(['tiny'], 'one.txt', { type: 'text/plain' }))
    form.append('photos', new File([BIG], 'two.bin', { type: 'application/octet-stream' }))
    const { body, contentType } = await encodeForm(form)
    const { form: result, files } = await read(body, contentType, { spoolThreshold: 64 * 1024 })
    expect({ ...result!.fields }).toEqual({ title: ['Holiday'], tags: ['a', 'b'] })
    const [one, two] = result!.files.photos!
    expect([one!.filename, one!.contentType, one!.size, one!.spooled]).toEqual([
      'one.txt',
      'text/plain',
      4,
      false,
    ])
    expect(await one!.text()).toBe('tiny')
    expect(one!.headers).toEqual({
      'content-disposition': 'form-data; name="photos"; filename="one.txt"',
      'content-type': 'text/plain',
    })
    expect([two!.filename, two!.size, two!.spooled]).toEqual(['two.bin', BIG.length, true])
    expect((await two!.bytes()).equals(BIG)).toBe(true)
    const streamed: Buffer[] = []
    for await (const chunk of two!.stream()) streamed.push(chunk)
    expect(Buffer.concat(streamed).equals(BIG)).toBe(true)
    expect(spooled()).toHaveLength(1)
    await files.cleanup()
    expect(spooled()).toHaveLength(0)
  })

  it('saveTo() writes a file held in memory, and moves a spooled one', async () => {
    const form = new FormData()
    form.append('small', new File(['hello'], 'a.txt'))
    form.append('large', new File([BIG], 'b.bin'))
    const { body, contentType } = await encodeForm(form)
    const { form: result, files } = await read(body, contentType, { spoolThreshold: 1024 })
    const target = mkdtempSync(join(tmpdir(), 'wharf-saved-'))
    await result!.files.small![0]!.saveTo(join(target, 'small'))
    await result!.files.large![0]!.saveTo(join(target, 'large'))
    expect(readFileSync(join(target, 'small'), 'utf8')).toBe('hello')
    expect(readFileSync(join(target, 'large')).equals(BIG)).toBe(true)
    expect(spooled()).toHaveLength(0)
    expect((await result!.files.large![0]!.bytes()).length).toBe(BIG.length)
    await files.cleanup()
  })

  it('keeps only the base name of a file name, decodes UTF-8 names', async () => {
    const boundary = 'XyZ'
    const body = rawMultipart(boundary, [
      // A quoted-string escapes backslashes: this is the name C:\Users\ann\report.pdf.
      {
        headers: ['Content-Disposition: form-data; name="a"; filename="C:\\\\Users\\\\ann\\\\report.pdf"'],
        body: '1',
      },
      { headers: ['Content-Disposition: form-data; name="b"; filename="../../etc/passwd"'], body: '2' },
      {
        headers: [`Content-Disposition: form-data; name="c"; filename="résumé.txt"`],
        body: '3',
      },
      { headers: ['Content-Disposition: form-data; name="d"; filename*=UTF-8\'\'%E2%82%AC.txt'], body: '4' },
    ])
    const { form } = await read(body, `multipart/form-data; boundary=${boundary}`)
    expect(['a', 'b', 'c', 'd'].map((name) => form!.files[name]![0]!.filename)).toEqual([
      'report.pdf',
      'passwd',
      'résumé.txt',
      '€.txt',
    ])
  })

  it('treats a field named __proto__ as a field', async () => {
    const form = new FormData()
    form.append('__proto__', 'x')
    const { body, contentType } = await encodeForm(form)
    const { form: result } = await read(body, contentType)
    expect(Object.entries(result!.fields)).toEqual([['__proto__', ['x']]])
    expect(({} as Record<string, unknown>).x).toBeUndefined()
  })

  it('has finite defaults for every limit', () => {
    for (const value of Object.values(DEFAULT_MULTIPART_LIMITS)) expect(Number.isFinite(value)).toBe(true)
  })
})

describe('readMultipartForm: limits', () => {
  async function filesForm(count: number, size: number) {
    const form = new FormData()
    for (let i = 0; i < count; i++) form.append('f', new File([Buffer.alloc(size, 1)], `${i}.bin`))
    return encodeForm(form)
  }

  it('accepts a file of exactly fileSize bytes; one more is 413, reading stops, temporary files go', async () => {
    const exact = await filesForm(1, 5000)
    expect((await read(exact.body, exact.contentType, { fileSize: 5000 })).form!.files.f![0]!.size).toBe(5000)
    const huge = await filesForm(1, 2_000_000)
    const { error, stats } = await read(huge.body, huge.contentType, {
      fileSize: 100_000,
      spoolThreshold: 10_000,
    })
    expect(error).toBeInstanceOf(HTTPException)
    expect([(error as HTTPException).status, (error as HTTPException).detail]).toEqual([
      413,
      'File "f" is larger than the limit of 100000 bytes',
    ])
    expect((error as HTTPException).headers).toEqual({ connection: 'close' })
    expect(stats.pulled).toBeLessThan(stats.total / 10)
    expect(spooled()).toHaveLength(0)
  })

  it('answers a field value over fieldSize with 413', async () => {
    const form = new FormData()
    form.append('note', 'x'.repeat(2000))
    const { body, contentType } = await encodeForm(form)
    const { error } = await read(body, contentType, { fieldSize: 1000 })
    expect([(error as HTTPException).status, (error as HTTPException).detail]).toEqual([
      413,
      'Field "note" is larger than the limit of 1000 bytes',
    ])
  })

  it.each([
    ['files', { files: 2 }, 3, 0],
    ['fields', { fields: 2 }, 0, 3],
    ['parts', { parts: 3 }, 2, 2],
  ] as const)(
    'answers more %s than allowed with 422 in FastAPI shape',
    async (what, limits, fileCount, fieldCount) => {
      const form = new FormData()
      for (let i = 0; i < fileCount; i++) form.append(`file${i}`, new File(['x'], 'x.txt'))
      for (let i = 0; i < fieldCount; i++) form.append(`field${i}`, 'v')
      const { body, contentType } = await encodeForm(form)
      const { error } = await read(body, contentType, limits)
      const limit = Object.values(limits)[0]
      expect(error).toBeInstanceOf(RequestValidationError)
      expect((error as RequestValidationError).issues).toEqual([
        {
          type: 'too_long',
          loc: ['body'],
          msg: `The form should have at most ${limit} ${what}`,
          input: null,
          ctx: { max_length: limit },
        },
      ])
    },
  )
})

describe('readMultipartForm: malformed bodies answer 4xx', () => {
  const boundary = 'B0undary'
  const type = `multipart/form-data; boundary=${boundary}`
  const good = rawMultipart(boundary, [{ headers: ['Content-Disposition: form-data; name="a"'], body: 'v' }])

  it.each([
    ['no boundary', good, 'multipart/form-data'],
    ['not multipart at all', good, 'text/plain'],
    ['another boundary than the body', good, 'multipart/form-data; boundary=other'],
    ['a truncated body', good.subarray(0, good.length - 12), type],
    ['garbage', Buffer.from('\u0000\u0001\u0002 not a form'), type],
    [
      'a part header over 16 KiB',
      rawMultipart(boundary, [{ headers: [`X-Big: ${'a'.repeat(20_000)}`], body: 'v' }]),
      type,
    ],
  ])('%s: 400 "There was an error parsing the body"', async (_name, body, contentType) => {
    const { error } = await read(body, contentType)
    expect(error).toBeInstanceOf(HTTPException)
    expect([(error as HTTPException).status, (error as HTTPException).detail]).toEqual([
      400,
      'There was an error parsing the body',
    ])
  })

  it('a file name with nothing usable left (`..`) is 422 at the field', async () => {
    const body = rawMultipart(boundary, [
      { headers: ['Content-Disposition: form-data; name="upload"; filename=".."'], body: 'x' },
    ])
    const { error } = await read(body, type)
    expect((error as RequestValidationError).issues).toEqual([
      {
        type: 'value_error',
        loc: ['body', 'upload'],
        msg: 'Value error, the file name is not a usable name',
        input: '..',
      },
    ])
  })

  it('parts without a Content-Disposition are skipped', async () => {
    const body = rawMultipart(boundary, [
      { headers: ['Content-Type: text/plain'], body: 'orphan' },
      { headers: ['Content-Disposition: form-data; name="kept"'], body: 'v' },
    ])
    const { form } = await read(body, type)
    expect({ ...form!.fields }).toEqual({ kept: ['v'] })
  })

  it('a client gone mid-body: rejected, and the temporary files made so far are removed', async () => {
    const form = new FormData()
    form.append('f', new File([BIG], 'big.bin'))
    const { body, contentType } = await encodeForm(form)
    const files = new SpoolFiles()
    const broken = (async function* () {
      yield body.subarray(0, 200_000)
      throw new Error('socket hang up')
    })()
    const error = await readMultipartForm(broken, contentType, { spoolThreshold: 1000 }, files).catch(
      (e) => e,
    )
    expect((error as HTTPException).status).toBe(400)
    expect(spooled()).toHaveLength(0)
  })

  it('splitting the body at every byte boundary gives the same result', async () => {
    const form = new FormData()
    form.append('a', 'first')
    form.append('f', new File(['file content\r\n--not-a-boundary'], 'f.txt'))
    const { body, contentType } = await encodeForm(form)
    for (const size of [1, 2, 3, 7, 64]) {
      const { form: result } = await read(body, contentType, {}, size)
      expect([result!.fields.a, await result!.files.f![0]!.text()]).toEqual([
        ['first'],
        'file content\r\n--not-a-boundary',
      ])
    }
  })
})

describe('readParts: consuming files as they arrive, without spooling', () => {
  it('gives parts in order with live streams; nothing touches the disk', async () => {
    const form = new FormData()
    form.append('name', 'x')
    form.append('skipped', new File([BIG], 'skip.bin'))
    form.append('wanted', new File([BIG], 'want.bin'))
    form.append('after', 'y')
    const { body, contentType } = await encodeForm(form)
    const seen: string[] = []
    let wantedSize = 0
    for await (const part of readParts(chunked(body, 4096).chunks, contentType)) {
      seen.push(`${part.kind}:${part.name}`)
      if (part.kind === 'file' && part.name === 'wanted') {
        for await (const chunk of part.stream) wantedSize += chunk.length
      }
    }
    expect(seen).toEqual(['field:name', 'file:skipped', 'file:wanted', 'field:after'])
    expect(wantedSize).toBe(BIG.length)
    expect(spooled()).toHaveLength(0)
  })

  it('a limit broken while the handler reads the stream surfaces as the 413 itself', async () => {
    const form = new FormData()
    form.append('f', new File([BIG], 'big.bin'))
    const { body, contentType } = await encodeForm(form)
    const error = await (async () => {
      for await (const part of readParts(chunked(body, 4096).chunks, contentType, { fileSize: 10_000 })) {
        if (part.kind === 'file') for await (const _ of part.stream);
      }
    })().catch((e) => e)
    expect([(error as HTTPException).status, (error as HTTPException).detail]).toEqual([
      413,
      'File "f" is larger than the limit of 10000 bytes',
    ])
  })

  it('stopping early stops reading the body', async () => {
    const form = new FormData()
    form.append('first', 'x')
    form.append('f', new File([BIG], 'big.bin'))
    const { body, contentType } = await encodeForm(form)
    const { chunks, stats } = chunked(body, 1024)
    for await (const part of readParts(chunks, contentType)) if (part.kind === 'field') break
    expect(stats.pulled).toBeLessThan(stats.total / 4)
  })
})
