import { createReadStream } from 'node:fs'
import { stat } from 'node:fs/promises'
import { extname } from 'node:path'
import { HTTPException } from './errors.ts'
import { FileBody, HTTPResponse } from './response.ts'
import { fromWebResponse, isWebResponse } from './web-response.ts'

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.json': 'application/json',
  '.map': 'application/json',
  '.txt': 'text/plain; charset=utf-8',
  '.md': 'text/markdown; charset=utf-8',
  '.csv': 'text/csv; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.pdf': 'application/pdf',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.wasm': 'application/wasm',
}

/** The content type for a file name, by extension; unknown ones are `application/octet-stream`. */
export function contentTypeFor(path: string): string {
  return TYPES[extname(path).toLowerCase()] ?? 'application/octet-stream'
}

/**
 * The one place where response bodies that need I/O are resolved. Inside the middleware chain (the
 * route plan calls it on what a handler returned): a web `Response` becomes a response description and
 * a file is found (`stat`), so a missing file is a 404 middleware sees. At the edge (the pipeline calls
 * `openBody` before the adapter writes): the file becomes its read stream.
 *
 * @example
 * const response = await settleBody(handlerResult) // HTTPResponse, files stat'ed
 */
export function settleBody(result: HTTPResponse | Response): HTTPResponse | Promise<HTTPResponse> {
  if (isWebResponse(result)) return fromWebResponse(result)
  return result.body instanceof FileBody && result.body.size === undefined
    ? statFileBody(result, result.body)
    : result
}

/**
 * Finds the file and fills in `content-type`, `content-length`, `last-modified` and a weak `etag`
 * (size and mtime, as Starlette does). Runs inside the middleware chain, so a missing file (or a
 * directory) is a 404 that middleware sees like any other (CORS headers included), and middleware
 * sees the file's real headers.
 */
export async function statFileBody(response: HTTPResponse, body: FileBody): Promise<HTTPResponse> {
  const info = await stat(body.path).catch(() => undefined)
  if (!info?.isFile()) throw new HTTPException(404, 'Not Found')
  const headers: Record<string, string | string[]> = {
    'content-type': contentTypeFor(body.path),
    'content-length': String(info.size),
    'last-modified': info.mtime.toUTCString(),
    etag: `W/"${info.size.toString(16)}-${Math.floor(info.mtimeMs).toString(16)}"`,
    ...response.headers,
  }
  if (body.filename !== undefined) {
    headers['content-disposition'] = `attachment; filename="${encodeURIComponent(body.filename)}"`
  }
  return new HTTPResponse(response.status, headers, new FileBody(body.path, body.filename, info.size))
}

/**
 * Replaces a file body by its read stream, once the response leaves the middleware chain (a file a
 * middleware returned is found here first). Other responses are returned as they are.
 */
export function openBody(response: HTTPResponse): HTTPResponse | Promise<HTTPResponse> {
  const { body } = response
  if (!(body instanceof FileBody)) return response
  if (body.size === undefined) return statFileBody(response, body).then(openBody)
  return new HTTPResponse(response.status, response.headers, createReadStream(body.path))
}
