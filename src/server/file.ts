import { createReadStream } from 'node:fs'
import { stat } from 'node:fs/promises'
import { extname } from 'node:path'
import { HTTPException } from '../errors.ts'
import { FileBody, HTTPResponse } from '../response.ts'

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

/** Replaces a (found) file body by its read stream, once the response leaves the middleware chain. */
export async function openFileBody(response: HTTPResponse, body: FileBody): Promise<HTTPResponse> {
  const found = body.size === undefined ? await statFileBody(response, body) : response
  const { path } = found.body as FileBody
  return new HTTPResponse(found.status, found.headers, createReadStream(path))
}
