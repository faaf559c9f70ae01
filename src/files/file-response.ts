import { create as contentDisposition } from 'content-disposition'
import { HTTPException } from '../errors.ts'
import { type FileBody, HTTPResponse } from '../response.ts'
import { FileRange } from './file-range.ts'
import { fileInsideRoot } from './file-root.ts'
import { type FileRequest, sendFile } from './send-file.ts'

/**
 * Settles a `file()` response against the request: conditional and range requests answered (200, 206,
 * 304, 412, 416, or a 404 `HTTPException` for a missing file), `Content-Disposition` made by the
 * `content-disposition` package when a download name is given (`attachment; filename="my report.txt"`,
 * with an RFC 8187 `filename*` for names outside Latin-1). The response's own headers win.
 */
export async function resolveFileBody(
  request: FileRequest,
  response: HTTPResponse,
  body: FileBody,
): Promise<HTTPResponse> {
  if (body instanceof FileRange) return response
  const path = body.root === undefined ? body.path : await fileInsideRoot(body.root, body.path)
  if (path === undefined) throw new HTTPException(404, 'Not Found')
  const headers = { ...response.headers }
  if (body.filename !== undefined) headers['content-disposition'] ??= contentDisposition(body.filename)
  return sendFile(request, path, { status: response.status, headers, typeFrom: body.path })
}

/** The settled file response with its bytes as a (lazy) stream, for the adapters. */
export async function openFileResponse(
  request: FileRequest,
  response: HTTPResponse,
  body: FileBody,
): Promise<HTTPResponse> {
  const found = await resolveFileBody(request, response, body)
  return found.body instanceof FileRange
    ? new HTTPResponse(found.status, found.headers, found.body.open())
    : found
}
