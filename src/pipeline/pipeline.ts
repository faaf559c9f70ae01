import type { Context, ContextHost } from '../context.ts'
import type { ExceptionHandlers } from '../exception-handlers.ts'
import { Exchange } from '../exchange.ts'
import type { Lifecycle } from '../lifecycle.ts'
import type { RequestView } from '../request.ts'
import type { HTTPResponse } from '../response.ts'
import { openBody } from '../response-body.ts'
import type { Mounts } from '../route/mounts.ts'
import type { RouteTable } from '../route/table.ts'
import { logAccess } from './access-log.ts'
import type { AccessLogOption } from './access-log-format.ts'
import { ConcurrencyLimit } from './concurrency-limit.ts'
import { endpoint } from './endpoint.ts'
import type { HookSet, ResponseSent } from './hooks.ts'
import { lastResort } from './last-resort.ts'
import { compose, type Middleware, type Step } from './middleware.ts'
import { requestIdOf } from './request-id.ts'
import type { Delivery, ResponseSink, Watch } from './sink.ts'

/** What the app hands the pipeline when it is built. */
export interface PipelineParts {
  host: ContextHost
  table: RouteTable
  middleware: readonly Middleware[]
  /** Apps mounted under path prefixes, tried when no route matched. */
  mounts?: Mounts
  handlers: ExceptionHandlers
  hooks: HookSet
  lifecycle: Lifecycle
  /** Error bodies are problem+json: the last-resort 500 matches. */
  problem: boolean
}

/** Per-server choices an adapter makes (the `wharf` command turns the first two on). */
export interface ServeOptions {
  /** Give each request an id (`X-Request-ID` when sane, else a UUID), echo it back, put it on `ctx.log`. */
  requestId?: boolean
  /** Log one line per request (method, path, status, duration, bytes) on `app.log`, or as text lines. */
  accessLog?: AccessLogOption
  /** At most this many requests in progress; beyond, 503 `{"detail":"Service Unavailable"}`. */
  limitConcurrency?: number | undefined
}

/** Serves one request: the adapter's view of it in, the response out through its sink. */
export type RequestHandler = (request: RequestView, sink: ResponseSink) => void

/**
 * The life of a request, the same on every adapter. In order, outermost first:
 *
 * 1. **admit**: request id, concurrency limit (503), `onRequest` hooks.
 * 2. **middleware**: `app.use()` layers, first added outermost. An error thrown inside a layer reaches
 *    the layer around it as the response the exception handlers made of it.
 * 3. **exception handlers**: user handlers by class, then `HTTPException`, the 422, upstream 502/504,
 *    then the logged 500 (see `ExceptionHandlers`); `onError` hooks see each error first.
 * 4. **endpoint**: match (404, 405, trailing-slash 307), `onMatch` hooks, the route plan.
 * 5. **last resort**: an error while answering an error becomes a constant 500 that cannot fail.
 * 6. **deliver**: file bodies opened, `x-request-id` and `content-length` set, the adapter's sink writes.
 * 7. **after the response** (once the sink reports it over): access log, `onResponse` hooks,
 *    request-scoped dependency teardown, then background tasks (shutdown waits for them). With no
 *    hook, access log or concurrency limit to feed, the sink reports as soon as the body is handed
 *    over in full (`Watch`), without waiting for the connection's end.
 *
 * @example
 * const serve = pipeline.handler({ requestId: true })
 * serve(requestView, (response, watch) => write(response, watch))
 */
export class Pipeline {
  private readonly stack: Step
  private readonly answer: (error: unknown, exchange: Exchange) => Promise<HTTPResponse>

  constructor(private readonly parts: PipelineParts) {
    this.answer = (error, exchange) => this.answerError(error, exchange.ctx)
    this.stack = compose(
      parts.middleware,
      endpoint(parts.table, parts.hooks, parts.mounts, this.answer),
      this.answer,
    )
  }

  /** A fresh exchange for a request that runs outside `handler` (WebSocket sessions). */
  open(request: RequestView): Exchange {
    return new Exchange(request, this.parts.host)
  }

  /** The request handler an adapter calls, with that server's options. */
  handler(options: ServeOptions = {}): RequestHandler {
    const { requestId = false, accessLog = false } = options
    const limit = options.limitConcurrency ? new ConcurrencyLimit(options.limitConcurrency) : undefined
    // Known at build: whether every request must be watched to its end, whatever it registers.
    const alwaysWatch = accessLog !== false || limit !== undefined
    return (request, sink) => {
      if (requestId) request.id ??= requestIdOf(request.headers)
      const exchange = new Exchange(request, this.parts.host)
      const { ctx } = exchange
      const admitted = limit === undefined || limit.enter()
      const hooks = this.parts.hooks
      if (hooks.onRequest.length > 0) hooks.call(hooks.onRequest, ctx)
      const finish = (sent: Delivery) => {
        if (admitted) limit?.leave()
        this.finish(exchange, sent, accessLog)
      }
      const deliver = (response: HTTPResponse, retry = true) =>
        this.deliver(exchange, response, sink, alwaysWatch, finish, retry)
      if (!admitted) {
        deliver(limit!.busy())
        return
      }
      let pending: Promise<HTTPResponse>
      try {
        pending = this.stack(exchange)
      } catch (error) {
        pending = this.answer(error, exchange)
      }
      pending.then(deliver, (error) => this.answer(error, exchange).then(deliver))
    }
  }

  /** The exception handlers' answer, or the last resort if answering fails too. Never rejects. */
  private answerError(error: unknown, ctx: Context): Promise<HTTPResponse> {
    const { hooks, handlers, problem } = this.parts
    if (hooks.onError.length > 0) hooks.call(hooks.onError, ctx, error)
    try {
      return handlers.respond(error, ctx).catch((failure) => lastResort(failure, ctx, problem))
    } catch (failure) {
      return Promise.resolve(lastResort(failure, ctx, problem))
    }
  }

  private deliver(
    exchange: Exchange,
    response: HTTPResponse,
    sink: ResponseSink,
    alwaysWatch: boolean,
    finish: (sent: Delivery) => void,
    retry: boolean,
  ): void {
    const opened = openBody(response, exchange.request)
    if (opened !== response) {
      if (!(opened instanceof Promise)) {
        this.deliver(exchange, opened, sink, alwaysWatch, finish, retry)
        return
      }
      // A file a middleware returned is found only now; if it is missing, the exception handlers
      // answer (once: a handler that answers with a missing file too gets the last resort).
      opened.then(
        (ready) => this.deliver(exchange, ready, sink, alwaysWatch, finish, retry),
        (error) =>
          retry
            ? this.answer(error, exchange).then((answer) =>
                this.deliver(exchange, answer, sink, alwaysWatch, finish, false),
              )
            : this.deliver(
                exchange,
                lastResort(error, exchange.ctx, this.parts.problem),
                sink,
                alwaysWatch,
                finish,
                false,
              ),
      )
      return
    }
    const { headers, body } = response
    const { id } = exchange.request
    if (id !== undefined) headers['x-request-id'] = id
    // Every adapter sends the same length, HEAD answers included.
    if (typeof body === 'string') headers['content-length'] = String(Buffer.byteLength(body))
    else if (body instanceof Uint8Array) headers['content-length'] = String(body.byteLength)
    const watch: Watch =
      alwaysWatch || this.parts.hooks.onResponse.length > 0 ? 'over' : exchange.hasAfterResponseWork && 'sent'
    let delivery: Promise<Delivery> | undefined
    try {
      delivery = sink(response, watch)
    } catch (error) {
      exchange.ctx.log.error({ err: error }, 'The adapter failed to write the response')
      delivery = watch ? Promise.resolve({ status: response.status, bytes: 0, aborted: true }) : undefined
    }
    delivery?.then(finish)
  }

  /** Everything that waits for the response to be over. Errors are logged; nothing here can reject. */
  private finish(exchange: Exchange, delivery: Delivery, accessLog: AccessLogOption): void {
    const { ctx } = exchange
    const { hooks, lifecycle } = this.parts
    const sent: ResponseSent = { ...delivery, durationMs: performance.now() - exchange.startedAt }
    if (accessLog) {
      try {
        logAccess(ctx.app.log, ctx, sent, accessLog === true ? 'json' : accessLog || 'json')
      } catch {
        // A broken logger must not stop teardown.
      }
    }
    if (hooks.onResponse.length > 0) hooks.call(hooks.onResponse, ctx, sent)
    if (exchange.hasAfterResponseWork) lifecycle.track(exchange.runAfterResponse())
  }
}
