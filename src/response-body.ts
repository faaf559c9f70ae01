import type { IncomingHttpHeaders } from 'node:http'
import { openFileResponse, resolveFileBody } from './files/file-response.ts'
import { FileBody, type HTTPResponse } from './response.ts'
import { fromWebResponse, isWebResponse } from './web-response.ts'

/** What a file answer depends on: conditional and range headers, and HEAD. */
interface AnsweredRequest {
  readonly method: string
  readonly headers: IncomingHttpHeaders
}

/**
 * The one place where response bodies that need I/O are resolved. Inside the middleware chain (the
 * route plan calls it on what a handler returned): a web `Response` becomes a response description and
 * a file is found and answered against the request's conditional and range headers (200, 206, 304,
 * 412, 416; see `resolveFileBody`), so a missing file is a 404 middleware sees, and middleware sees the
 * file's real headers. At the edge (the pipeline calls `openBody` before the adapter writes): the file
 * becomes its (lazily opened) byte stream.
 *
 * @example
 * const response = await settleBody(handlerResult, ctx.request) // HTTPResponse, files answered
 */
export function settleBody(
  result: HTTPResponse | Response,
  request: AnsweredRequest,
): HTTPResponse | Promise<HTTPResponse> {
  if (isWebResponse(result)) return fromWebResponse(result)
  return result.body instanceof FileBody ? resolveFileBody(request, result, result.body) : result
}

/**
 * Replaces a file body by its read stream, once the response leaves the middleware chain (a file a
 * middleware returned is found here first). Other responses are returned as they are.
 */
export function openBody(
  response: HTTPResponse,
  request: AnsweredRequest,
): HTTPResponse | Promise<HTTPResponse> {
  const { body } = response
  if (!(body instanceof FileBody)) return response
  return openFileResponse(request, response, body)
}
