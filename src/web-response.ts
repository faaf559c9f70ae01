import { type HeaderMap, HTTPResponse } from './response.ts'

/**
 * Converts a web-standard `Response` (which handlers may return, as in Hono or FastAPI's `Response`)
 * into Wharf's response description. The body is streamed, not buffered.
 */
export function fromWebResponse(response: Response): HTTPResponse {
  const headers: HeaderMap = {}
  response.headers.forEach((value, name) => {
    if (name !== 'set-cookie') headers[name] = value
  })
  const cookies = response.headers.getSetCookie()
  if (cookies.length > 0) headers['set-cookie'] = cookies
  const body = response.body as unknown as AsyncIterable<Uint8Array> | null
  return new HTTPResponse(response.status, headers, body)
}

/**
 * True for a web-standard Response, without touching the global in runtimes that lack one. The tag
 * is checked first: in Node, reading the `Response` global loads the whole fetch implementation
 * (~20 ms, measured on the first request of every app), and only a value tagged `Response` can be
 * one, made by code that already loaded it.
 */
export function isWebResponse(value: unknown): value is Response {
  return (
    typeof value === 'object' &&
    value !== null &&
    Object.prototype.toString.call(value) === '[object Response]' &&
    typeof Response !== 'undefined' &&
    value instanceof Response
  )
}
