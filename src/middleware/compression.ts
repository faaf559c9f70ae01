import { promisify } from 'node:util'
import zlib from 'node:zlib'
import type { Middleware } from '../pipeline/middleware.ts'
import { FileBody, type HTTPResponse, isBodylessStatus } from '../response.ts'
import { type Coding, negotiateEncoding } from './accept-encoding.ts'
import { compressStream, FLUSH } from './compress-stream.ts'
import { addVary } from './vary.ts'

/**
 * Options of `compression()`: Starlette's `GZipMiddleware` (`minimum_size`, `compresslevel`,
 * `exclude_content_types`), plus opt-in Brotli.
 *
 * A response is compressed when it has a body, no `content-encoding` yet, a content type not
 * excluded, and either is a stream (its size is unknown, so any stream is compressed, as in
 * Starlette) or holds at least `minimumSize` bytes. Such a response always gets
 * `vary: Accept-Encoding`, compressed or not, because its encoding depends on that header. Files
 * (`file()`) are sent as they are: they are mostly already compressed formats, and keep their exact
 * `content-length` and validators.
 */
export interface CompressionOptions {
  /** Complete bodies smaller than this many bytes are sent as they are. Default 500. */
  minimumSize?: number
  /** The gzip level, 1 (fastest) to 9 (smallest). Default 9, as Starlette. */
  level?: number
  /**
   * Content types (without parameters; `type/*` covers a whole type) never compressed. Default
   * `['text/event-stream']`, as Starlette: events must not wait in a compressor.
   */
  excludeContentTypes?: readonly string[]
  /**
   * Also offer Brotli (`br`). It is used when the client rates it at least as high as gzip
   * (browsers send both with the same weight, so they get `br`). Default false: gzip only, as Starlette.
   */
  brotli?: boolean
  /** The Brotli quality, 0 to 11. Default 4: close to gzip 9 in size, much faster than 11. */
  brotliQuality?: number
}

/** Above this size, a complete body is compressed on the thread pool rather than the event loop (Starlette: 128 KiB). */
const THREAD_MINIMUM_SIZE = 128 * 1024

const gzipAsync = promisify(zlib.gzip)
const brotliAsync = promisify(zlib.brotliCompress)

/** The media type of a `content-type` value, lower-cased, without parameters. */
function mediaTypeOf(contentType: string | string[] | undefined): string {
  const value = Array.isArray(contentType) ? (contentType[0] ?? '') : (contentType ?? '')
  const semicolon = value.indexOf(';')
  return (semicolon === -1 ? value : value.slice(0, semicolon)).trim().toLowerCase()
}

/**
 * Gzip (and optionally Brotli) response compression, as Starlette's `GZipMiddleware`, with
 * `Accept-Encoding` negotiated by q-value (RFC 9110 §12.5.3). Streamed bodies are compressed as a
 * stream, flushed chunk by chunk.
 *
 * @example
 * app.use(compression({ minimumSize: 1000, brotli: true }))
 */
export function compression(options: CompressionOptions = {}): Middleware {
  const minimumSize = options.minimumSize ?? 500
  const level = options.level ?? 9
  const quality = options.brotliQuality ?? 4
  const excluded = new Set((options.excludeContentTypes ?? ['text/event-stream']).map(mediaTypeOf))
  const offered: readonly Coding[] = options.brotli ? ['br', 'gzip'] : ['gzip']
  const brotliParams = (size?: number) => ({
    params: {
      [zlib.constants.BROTLI_PARAM_QUALITY]: quality,
      ...(size === undefined ? {} : { [zlib.constants.BROTLI_PARAM_SIZE_HINT]: size }),
    },
  })

  const isExcluded = (response: HTTPResponse): boolean => {
    const type = mediaTypeOf(response.headers['content-type'])
    const slash = type.indexOf('/')
    return excluded.has(type) || (slash > 0 && excluded.has(`${type.slice(0, slash)}/*`))
  }

  const compressWhole = (body: Uint8Array | string, coding: Coding): Buffer | Promise<Buffer> => {
    const size = typeof body === 'string' ? Buffer.byteLength(body) : body.byteLength
    if (coding === 'gzip')
      return size < THREAD_MINIMUM_SIZE ? zlib.gzipSync(body, { level }) : gzipAsync(body, { level })
    return size < THREAD_MINIMUM_SIZE
      ? zlib.brotliCompressSync(body, brotliParams(size))
      : brotliAsync(body, brotliParams(size))
  }

  return async (ctx, next) => {
    const response = await next()
    const { body, headers } = response
    if (
      body === null ||
      body instanceof FileBody ||
      isBodylessStatus(response.status) ||
      headers['content-encoding'] !== undefined ||
      isExcluded(response)
    )
      return response
    const whole = typeof body === 'string' || body instanceof Uint8Array
    if (whole && (typeof body === 'string' ? Buffer.byteLength(body) : body.byteLength) < minimumSize)
      return response
    addVary(headers, 'Accept-Encoding')
    const coding = negotiateEncoding(ctx.request.headers['accept-encoding'], offered)
    if (coding === undefined) return response
    headers['content-encoding'] = coding
    if (whole) {
      response.body = await compressWhole(body, coding)
      headers['content-length'] = String(response.body.byteLength)
    } else {
      // The length of a compressed stream is not known in advance: it goes out chunked.
      delete headers['content-length']
      const create =
        coding === 'gzip' ? () => zlib.createGzip({ level }) : () => zlib.createBrotliCompress(brotliParams())
      response.body = compressStream(body, create, FLUSH[coding])
    }
    return response
  }
}
