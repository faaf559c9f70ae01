import type { IncomingHttpHeaders } from 'node:http'
import type { App } from '../app.ts'
import { collectBody } from '../params/body.ts'
import type { RequestView } from '../request.ts'
import { type HTTPResponse, isBodylessStatus } from '../response.ts'

/** The request view over a WHATWG `Request`, for Bun, Deno, serverless and edge platforms. */
class FetchRequest implements RequestView {
  readonly method: string
  readonly url: string
  readonly headers: IncomingHttpHeaders
  readonly scheme: string
  readonly remoteAddress = undefined
  readonly signal: AbortSignal
  readonly bodyPresent: boolean

  constructor(private readonly request: Request) {
    this.bodyPresent = request.body !== null
    const url = new URL(request.url)
    this.method = request.method.toUpperCase()
    this.url = url.pathname + url.search
    this.scheme = url.protocol.slice(0, -1)
    this.signal = request.signal
    const headers: IncomingHttpHeaders = { host: url.host }
    request.headers.forEach((value, name) => {
      headers[name] = value
    })
    this.headers = headers
  }

  readBody(limit: number): Promise<Buffer> {
    const body = this.request.body as unknown as AsyncIterable<Uint8Array> | null
    return collectBody(body ?? [], this.headers['content-length'] as string | undefined, limit)
  }
}

/**
 * Converts Wharf's response description into a WHATWG `Response`.
 *
 * @example
 * const response = toWebResponse(await app.handle(view), 'GET')
 */
export function toWebResponse(response: HTTPResponse, method: string): Response {
  const headers = new Headers()
  for (const [name, value] of Object.entries(response.headers)) {
    if (Array.isArray(value)) for (const item of value) headers.append(name, item)
    else headers.set(name, value)
  }
  const { body, status } = response
  if (method === 'HEAD' || isBodylessStatus(status) || body === null)
    return new Response(null, { status, headers })
  if (typeof body === 'string' || body instanceof Uint8Array)
    return new Response(body as BodyInit, { status, headers })
  const encoder = new TextEncoder()
  const chunks = async function* () {
    for await (const chunk of body as AsyncIterable<string | Uint8Array>) {
      yield typeof chunk === 'string' ? encoder.encode(chunk) : chunk
    }
  }
  // ReadableStream.from exists since Node 20; the DOM lib typings lag behind.
  const readable = (
    ReadableStream as unknown as { from(source: AsyncIterable<Uint8Array>): ReadableStream }
  ).from(chunks())
  return new Response(readable, { status, headers })
}

/**
 * `app.fetch` for runtimes built on WHATWG Request/Response.
 *
 * @example
 * export default { fetch: fetchHandler(app) } // Bun, Deno, Cloudflare-style platforms
 */
export function fetchHandler(app: App): (request: Request) => Promise<Response> {
  return async (request) =>
    toWebResponse(await app.handle(new FetchRequest(request)), request.method.toUpperCase())
}
