import type { IncomingHttpHeaders } from 'node:http'
import { basename, dirname } from 'node:path'
import type { Readable } from 'node:stream'
import { HTTPException } from '../errors.ts'
import { onFirstUse } from '../on-first-use.ts'
import { type HeaderMap, HTTPResponse } from '../response.ts'
import { FileRange } from './file-range.ts'

/** The parts of a request that decide how a file is answered. */
export interface FileRequest {
  readonly method: string
  readonly headers: IncomingHttpHeaders
}

/** How `sendFile` answers, beyond what the request asks. */
export interface SendFileOptions {
  /** The status of a full answer. Only 200 takes part in conditional and range requests. */
  status?: number
  /** The content type; default: guessed from `typeFrom` (or the file name) by `mime-types`. */
  contentType?: string | undefined
  /** The name the content type is guessed from (the original name of a `.br` variant). */
  typeFrom?: string
  /** Headers added to the answer; they win over the computed ones. */
  headers?: HeaderMap | undefined
}

// Loaded when the first file is answered: apps that send no file never load them at startup.
const fastifySend = onFirstUse<typeof import('@fastify/send')>('@fastify/send')
const mimeTypes = onFirstUse<typeof import('mime-types')>('mime-types')

const SEND_OPTIONS = {
  // Everything that is policy stays with the caller; send answers validators, conditions and ranges.
  dotfiles: 'allow',
  index: false,
  extensions: false,
  cacheControl: false,
  contentType: false,
  acceptRanges: true,
  etag: true,
  lastModified: true,
} as const

/** The content type of a file name, from the `mime-types` table; text types get `charset=utf-8`. */
export function contentTypeOf(name: string): string {
  return mimeTypes().contentType(basename(name)) || 'application/octet-stream'
}

/**
 * Answers a request for the file at `path` (already checked by the caller: trusted, absolute): 200 with
 * the whole file, 206 with the requested range, 304 when the client's copy is fresh, 412 when a
 * precondition fails, 416 for a range outside the file, 404 when there is no such file. The status and
 * headers come from `@fastify/send` (RFC 9110 conditional and range requests); the body is a lazy
 * `FileRange`, so nothing is opened until an adapter reads it.
 *
 * @example
 * app.get('/report', ({ request }) => sendFile(request, '/srv/report.pdf'))
 */
export async function sendFile(
  request: FileRequest,
  path: string,
  options: SendFileOptions = {},
): Promise<HTTPResponse> {
  const status = options.status ?? 200
  // send reads only `method` and `headers`. It is asked as for HEAD so that it never opens the file:
  // the body is opened lazily by FileRange, after the middleware chain.
  const view = { method: 'HEAD', headers: status === 200 ? forSend(request.headers) : {} }
  const result = await fastifySend().send(
    view as unknown as Readable,
    `/${encodeURIComponent(basename(path))}`,
    {
      ...SEND_OPTIONS,
      root: dirname(path),
    },
  )
  result.stream.destroy()
  if (result.type !== 'file') throw errorFor(result.statusCode, result.headers)
  const headers: HeaderMap = {}
  for (const [name, value] of Object.entries(result.headers)) headers[name.toLowerCase()] = String(value)
  // send's validator is size and mtime, as Starlette's is; Starlette sends it as a strong ETag (it must be
  // strong for If-Range to work), and so does Wharf.
  if (headers.etag) headers.etag = (headers.etag as string).replace(/^W\//, '')
  if (result.statusCode === 304) return new HTTPResponse(304, { ...headers, ...options.headers }, null)
  headers['content-type'] = options.contentType ?? contentTypeOf(options.typeFrom ?? path)
  const size = result.metadata.stat.size
  const [start, end] = byteRange(headers['content-range'] as string | undefined, size)
  return new HTTPResponse(
    result.statusCode === 206 ? 206 : status,
    { ...headers, ...options.headers },
    new FileRange(result.metadata.path, size, start, end),
  )
}

/** The inclusive byte range a `Content-Range: bytes a-b/size` names, or the whole file. */
function byteRange(contentRange: string | undefined, size: number): [number, number] {
  const match = contentRange && /^bytes (\d+)-(\d+)\//.exec(contentRange)
  return match ? [Number(match[1]), Number(match[2])] : [0, size - 1]
}

/**
 * send compares `If-Range` against its own weak ETag (`W/"…"`), while clients send back the strong one
 * Wharf gave them: prefix it so it matches. A weak validator in `If-Range` is never a match (RFC 9110
 * §13.1.5), so it is replaced by one that cannot match (the full file is sent).
 */
function forSend(headers: IncomingHttpHeaders): IncomingHttpHeaders {
  const ifRange = headers['if-range']
  if (typeof ifRange !== 'string') return headers
  const value = ifRange.trimStart()
  if (value.startsWith('W/')) return { ...headers, 'if-range': '"never"' }
  if (value.startsWith('"')) return { ...headers, 'if-range': `W/${value}` }
  return headers
}

function errorFor(status: number, headers: Record<string, string>): HTTPException {
  if (status === 412) return new HTTPException(412, 'Precondition Failed')
  if (status === 416) {
    const range = headers['Content-Range']
    return new HTTPException(
      416,
      'Range Not Satisfiable',
      range ? { headers: { 'content-range': range } } : {},
    )
  }
  // Not found, a directory, a name send refuses: to the client all of these are "no such file".
  return new HTTPException(404, 'Not Found')
}
