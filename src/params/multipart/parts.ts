import { PassThrough, type Readable } from 'node:stream'
import type busboyModule from 'busboy'
import { format as formatDisposition } from 'content-disposition'
import { drainOrClose } from '../../drain.ts'
import { HTTPException } from '../../errors.ts'
import { onFirstUse } from '../../on-first-use.ts'
import { multipartErrors } from './errors.ts'
import { type MultipartLimits, resolveLimits } from './limits.ts'

/** busboy, loaded by the first multipart body: apps that take no form never load it. */
const busboy = onFirstUse<typeof busboyModule>('busboy')

/** A non-file field of a multipart body. */
export interface FieldPart {
  kind: 'field'
  name: string
  value: string
}

/** A file of a multipart body, as it arrives: read `stream` before asking for the next part. */
export interface FilePart {
  kind: 'file'
  name: string
  /** The client's file name reduced to its base name; never a path. May be empty. */
  filename: string
  contentType: string
  /** The part's headers, lower-case. */
  headers: Record<string, string>
  stream: Readable
}

/** One part of a multipart body. */
export type MultipartPart = FieldPart | FilePart

/**
 * The base name of a client's file name (after the last `/` or `\`, control characters removed), or
 * undefined when a name was given but nothing usable is left (`..`, `.`, `dir/`): file names are never
 * trusted as paths.
 */
export function safeFilename(raw: string): string | undefined {
  const cut = Math.max(raw.lastIndexOf('/'), raw.lastIndexOf('\\'))
  // biome-ignore lint/suspicious/noControlCharactersInRegex: removing control characters is the point
  const base = raw.slice(cut + 1).replace(/[\u0000-\u001f\u007f]/g, '')
  if (raw !== '' && (base === '' || base === '.' || base === '..')) return undefined
  return base
}

/**
 * Reads a `multipart/form-data` body part by part while it arrives, with busboy. Nothing is buffered
 * beyond busboy's own chunks: a file part's `stream` must be read (or is skipped when the next part is
 * asked for) before the parser goes on, and the body is read only as fast as the parts are consumed.
 * Breaking a limit stops reading and rejects with the matching 413/422; a body that does not parse
 * rejects with 400. Stopping the iteration early stops the parser.
 *
 * @example
 * for await (const part of readParts(ctx.request.bodyStream(Infinity), contentType, { fileSize: 1 << 30 })) {
 *   if (part.kind === 'file') await pipeline(part.stream, createWriteStream(target))
 * }
 */
export async function* readParts(
  body: AsyncIterable<Uint8Array>,
  contentType: string,
  options: MultipartLimits = {},
): AsyncGenerator<MultipartPart, void, undefined> {
  const limits = resolveLimits(options)
  let parser: busboyModule.Busboy
  try {
    parser = busboy()({
      headers: { 'content-type': contentType },
      preservePath: true,
      // Browsers send file names as raw UTF-8 in `filename="…"`.
      defParamCharset: 'utf8',
      // busboy reports a limit when a value *reaches* it; one more byte lets a value of exactly the limit in.
      limits: {
        fileSize: limits.fileSize + 1,
        fieldSize: limits.fieldSize + 1,
        files: limits.files,
        fields: limits.fields,
        parts: limits.parts,
      },
    })
  } catch {
    // No boundary, or not multipart at all.
    throw multipartErrors.malformed()
  }
  const queue: MultipartPart[] = []
  let failure: unknown
  let closed = false
  let wake: (() => void) | undefined
  const notify = () => {
    const resume = wake
    wake = undefined
    resume?.()
  }
  // The file busboy is writing to: on failure it is destroyed with the failure itself, so a consumer
  // reading it sees the 413/422 rather than busboy's "Unexpected end of file".
  let active: Readable | undefined
  const fail = (error: unknown) => {
    if (failure !== undefined) return
    failure = error
    if (active && !active.readableEnded) active.destroy(error as Error)
    parser.destroy()
    notify()
  }
  parser.on('field', (name, value, info) => {
    if (info.valueTruncated) return fail(multipartErrors.fieldTooLarge(name, limits.fieldSize))
    queue.push({ kind: 'field', name, value })
    notify()
  })
  parser.on('file', (name, source, info) => {
    active = source
    // The consumer reads a pass-through whose only possible error is the request's failure (413, 422,
    // or 400 for a broken body), never busboy's own "Unexpected end of form"; an unread stream must not
    // turn it into an unhandled 'error' event either (which would end the process).
    const stream = new PassThrough()
    stream.on('error', () => {})
    source.on('error', () => {
      fail(multipartErrors.malformed())
      stream.destroy(failure as Error)
    })
    source.once('limit', () => fail(multipartErrors.fileTooLarge(name, limits.fileSize)))
    source.pipe(stream)
    const filename = safeFilename(info.filename ?? '')
    if (filename === undefined) {
      stream.resume()
      return fail(multipartErrors.badFilename(name, info.filename ?? ''))
    }
    const disposition = formatDisposition(
      { type: 'form-data', parameters: { name, filename } },
      { multipart: true },
    )
    const headers = { 'content-disposition': disposition, 'content-type': info.mimeType }
    queue.push({ kind: 'file', name, filename, contentType: info.mimeType, headers, stream })
    notify()
  })
  parser.on('filesLimit', () => fail(multipartErrors.tooMany('files', limits.files)))
  parser.on('fieldsLimit', () => fail(multipartErrors.tooMany('fields', limits.fields)))
  parser.on('partsLimit', () => fail(multipartErrors.tooMany('parts', limits.parts)))
  parser.on('error', () => fail(multipartErrors.malformed()))
  parser.on('close', () => {
    closed = true
    notify()
  })
  const pumping = pump(body, parser, () => failure !== undefined, fail)
  let current: Readable | undefined
  try {
    for (;;) {
      // A file the consumer did not read is skipped, so that the parser can go on.
      if (current && !current.readableEnded) current.resume()
      while (queue.length === 0 && failure === undefined && !closed) {
        await new Promise<void>((resolve) => {
          wake = resolve
        })
      }
      if (failure !== undefined) throw failure
      const part = queue.shift()
      if (part === undefined) break
      current = part.kind === 'file' ? part.stream : undefined
      yield part
    }
    await pumping
    if (failure !== undefined) throw failure
  } finally {
    // Stopped early (an error, or the consumer broke out): stop the parser and the body with it.
    if (!closed) fail(new Error('multipart reading stopped'))
    current?.resume()
  }
}

/**
 * Feeds the body to the parser with backpressure: the next chunk is read once the parser took the
 * last one (which waits until file streams are read). Stops reading at the first failure.
 */
/** Bytes parsed between two turns of the event loop. */
const YIELD_EVERY = 1024 * 1024

async function pump(
  body: AsyncIterable<Uint8Array>,
  parser: busboyModule.Busboy,
  failed: () => boolean,
  fail: (error: unknown) => void,
): Promise<void> {
  const iterator = body[Symbol.asyncIterator]()
  let sinceYield = 0
  try {
    for (;;) {
      const step = await iterator.next()
      if (step.done || failed()) break
      if (!parser.write(step.value)) await drainOrClose(parser)
      // A fast client keeps the body's buffer full, so parsing could go on in microtasks alone; let the
      // event loop serve other requests between megabytes.
      sinceYield += step.value.byteLength
      if (sinceYield >= YIELD_EVERY) {
        sinceYield = 0
        await new Promise((resolve) => setImmediate(resolve))
      }
    }
    if (!failed()) parser.end()
  } catch (error) {
    // The body's own 413 stands; a client gone mid-body is a truncated form.
    fail(error instanceof HTTPException ? error : multipartErrors.malformed())
  }
  // On failure the body is left unread rather than closed (`return()` would destroy a node:http request,
  // and its socket with it, before the 413 is written); the adapter closes the connection after it.
}
