import type { IncomingHttpHeaders } from 'node:http'
import type { App } from '../app.ts'
import { collectBody, limitBody } from '../params/body.ts'
import type { Delivery } from '../pipeline/sink.ts'
import type { RequestView } from '../request.ts'
import { type HTTPResponse, isBodylessStatus } from '../response.ts'

const NO_BODY: readonly Uint8Array[] = []

/** The request view over a WHATWG `Request`, for Bun, Deno, serverless and edge platforms. */
class FetchRequest implements RequestView {
  readonly method: string
  readonly url: string
  readonly headers: IncomingHttpHeaders
  readonly scheme: string
  readonly remoteAddress = undefined
  readonly signal: AbortSignal
  readonly bodyPresent: boolean
  id: string | undefined = undefined

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

  private get chunks(): AsyncIterable<Uint8Array> | readonly Uint8Array[] {
    return (this.request.body as unknown as AsyncIterable<Uint8Array> | null) ?? NO_BODY
  }

  readBody(limit: number): Promise<Buffer> {
    return collectBody(this.chunks, this.headers['content-length'] as string | undefined, limit)
  }

  bodyStream(limit: number): AsyncIterable<Buffer> {
    return limitBody(this.chunks, this.headers['content-length'] as string | undefined, limit)
  }
}

/**
 * Converts Wharf's response description into a WHATWG `Response`. `over` (when given) is told once
 * the body has been read to its end or cancelled, with the bytes sent.
 *
 * @example
 * const response = toWebResponse(await app.handle(view), 'GET')
 */
export function toWebResponse(
  response: HTTPResponse,
  method: string,
  over?: (delivery: Delivery) => void,
): Response {
  const headers = new Headers()
  for (const [name, value] of Object.entries(response.headers)) {
    if (Array.isArray(value)) for (const item of value) headers.append(name, item)
    else headers.set(name, value)
  }
  const { body, status } = response
  const whole = (bytes: number) => over?.({ status, bytes, aborted: false })
  if (method === 'HEAD' || isBodylessStatus(status) || body === null) {
    // Still close a streamed source so its cleanup (files, generators' finally) runs.
    if (body !== null && typeof body === 'object' && Symbol.asyncIterator in body)
      void (body as AsyncIterable<unknown>)[Symbol.asyncIterator]().return?.()
    whole(0)
    return new Response(null, { status, headers })
  }
  if (typeof body === 'string' || body instanceof Uint8Array) {
    whole(typeof body === 'string' ? Buffer.byteLength(body) : body.byteLength)
    return new Response(body as BodyInit, { status, headers })
  }
  const encoder = new TextEncoder()
  const source = (body as AsyncIterable<string | Uint8Array>)[Symbol.asyncIterator]()
  let bytes = 0
  let done = false
  const end = (aborted: boolean) => {
    if (done) return
    done = true
    over?.({ status, bytes, aborted })
  }
  const readable = new ReadableStream<Uint8Array>({
    async pull(controller) {
      try {
        const step = await source.next()
        if (step.done) {
          controller.close()
          end(false)
          return
        }
        const chunk = typeof step.value === 'string' ? encoder.encode(step.value) : step.value
        bytes += chunk.byteLength
        controller.enqueue(chunk)
      } catch (error) {
        controller.error(error)
        end(true)
      }
    },
    async cancel() {
      end(true)
      await source.return?.()
    },
  })
  return new Response(readable, { status, headers })
}

/**
 * `app.fetch` for runtimes built on WHATWG Request/Response: the same pipeline as node:http. The first
 * request starts the app (lifespan, `startup: true` dependencies) if nobody did; a failed startup
 * answers 500 and is logged. The after-response work runs once the body has been read.
 *
 * @example
 * export default { fetch: fetchHandler(app) } // Bun, Deno, Cloudflare-style platforms
 */
export function fetchHandler(app: App<any, any>): (request: Request) => Promise<Response> {
  const serve = app.pipeline().handler({
    requestId: app.config.requestId ?? false,
    accessLog: app.config.accessLog ?? false,
  })
  const respond = (request: Request) =>
    new Promise<Response>((resolve) => {
      const method = request.method.toUpperCase()
      serve(new FetchRequest(request), (response, watch) => {
        if (!watch) {
          resolve(toWebResponse(response, method))
          return undefined
        }
        return new Promise<Delivery>((over) => resolve(toWebResponse(response, method, over)))
      })
    })
  const startThenRespond = async (request: Request) => {
    try {
      await app.ensureStarted()
    } catch (error) {
      app.log.error({ err: error }, 'The app failed to start; answering 500')
      return Response.json({ detail: 'Internal Server Error' }, { status: 500 })
    }
    return respond(request)
  }
  return (request) => (app.started ? respond(request) : startThenRespond(request))
}
