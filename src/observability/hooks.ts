import type { App } from '../app.ts'
import type { Context } from '../context.ts'
import type { HTTPResponse, ResponseBody } from '../response.ts'

/** How a response went out: what `onResponse` hooks receive. */
export interface SentResponse {
  status: number
  /** From the moment the adapter handed the request over to the response being written. */
  durationMs: number
  /** Body bytes written, where known (0 for a stream whose length was not declared). */
  bytes: number
  /** True when the client went away before the response was complete. */
  aborted: boolean
}

/**
 * Request lifecycle hooks, the shape of the pipeline's `app.addHooks()`. Synchronous, and must not throw.
 *
 * @example
 * attachHooks(app, { onResponse: (ctx, sent) => console.log(ctx.route, sent.status) })
 */
export interface RequestHooks {
  /** The request arrived (before routing). */
  onRequest?(ctx: Context): void
  /** The route matched (`ctx.route` is its template). */
  onMatch?(ctx: Context): void
  /** The response was written, or the client went away. */
  onResponse?(ctx: Context, sent: SentResponse): void
  /** A handler or middleware threw (the exception handlers answer it). */
  onError?(ctx: Context, error: unknown): void
}

/** The length of a body the adapters will write as is; streams and files count as their declared length. */
function bodyBytes(response: HTTPResponse): number {
  const body: ResponseBody = response.body
  if (typeof body === 'string') return Buffer.byteLength(body)
  if (body instanceof Uint8Array) return body.byteLength
  const declared = response.headers['content-length']
  return typeof declared === 'string' ? Number(declared) || 0 : 0
}

/**
 * Attaches observability hooks to an app: every adapter (node:http, fetch, TestClient) runs them.
 * Until the pipeline's own hooks are available, they ride on an outermost-as-possible middleware:
 * register observability before other middleware so its timings cover them.
 *
 * @example
 * attachHooks(app, { onRequest: (ctx) => inFlight++, onResponse: () => inFlight-- })
 */
export function attachHooks(app: App<any, any>, hooks: RequestHooks): void {
  const { onRequest, onMatch, onResponse, onError } = hooks
  app.use(async (ctx, next) => {
    const started = performance.now()
    onRequest?.(ctx)
    let response: HTTPResponse
    try {
      response = await next()
    } catch (error) {
      onError?.(ctx, error)
      throw error
    }
    if (ctx.route !== undefined) onMatch?.(ctx)
    onResponse?.(ctx, {
      status: response.status,
      durationMs: performance.now() - started,
      bytes: bodyBytes(response),
      // Reading ctx.request.signal would create an AbortController per request; the pipeline reports it.
      aborted: false,
    })
    return response
  })
}
