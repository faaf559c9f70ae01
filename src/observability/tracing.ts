import type { ProxyTracerProvider, Span, Tracer, TracerProvider } from '@opentelemetry/api'
import type { App } from '../app.ts'
import type { Context } from '../context.ts'
import { type ClientCallMessage, subscribeClientCalls } from '../http/instrumentation.ts'
import { setLogContextSource } from '../log-context.ts'
import { noteTraceId } from '../pipeline/request-trace.ts'
import { otelApi } from './optional-deps.ts'

/** Options of `enableTracing()`. */
export interface TracingOptions {
  /** The instrumentation scope name spans are reported under. Default `wharfjs`. */
  tracerName?: string
}

/** The tracer provider @opentelemetry/api falls back to when no SDK registered one. */
let noopProvider: TracerProvider | undefined

/** True once an SDK registered a tracer provider: until then tracing does nothing at all. */
function sdkRegistered(): boolean {
  const api = otelApi()
  noopProvider ??= new api.ProxyTracerProvider().getDelegate()
  const provider = api.trace.getTracerProvider() as ProxyTracerProvider
  const delegate = typeof provider.getDelegate === 'function' ? provider.getDelegate() : provider
  return delegate !== noopProvider && delegate.constructor.name !== 'NoopTracerProvider'
}

const serverSpans = new WeakMap<Context, Span>()
const CLIENT_SPAN = Symbol('tracing.span')
let clientTracer: Tracer | undefined

/** Client spans for `wharfjs/http` calls, with W3C `traceparent` sent upstream; subscribed once per process. */
function traceClientCalls(tracer: Tracer): void {
  if (clientTracer !== undefined) return
  const { context, propagation, SpanKind, SpanStatusCode, trace } = otelApi()
  clientTracer = tracer
  subscribeClientCalls({
    start(message: ClientCallMessage) {
      if (!sdkRegistered()) return
      const url = new URL(message.url)
      const span = tracer.startSpan(message.method, {
        kind: SpanKind.CLIENT,
        attributes: {
          'http.request.method': message.method,
          'url.full': message.url,
          'server.address': url.hostname,
          'server.port': Number(url.port) || (url.protocol === 'https:' ? 443 : 80),
        },
      })
      message[CLIENT_SPAN] = span
      propagation.inject(trace.setSpan(context.active(), span), message.headers)
    },
    asyncEnd(message: ClientCallMessage) {
      const span = message[CLIENT_SPAN] as Span | undefined
      if (span === undefined) return
      if (message.result !== undefined) {
        span.setAttribute('http.response.status_code', message.result.status)
        if (message.result.status >= 400) span.setStatus({ code: SpanStatusCode.ERROR })
      } else {
        const error = message.error as Error | undefined
        span.setAttribute('error.type', error?.name ?? 'Error')
        span.setStatus({ code: SpanStatusCode.ERROR, message: error?.message ?? '' })
      }
      span.end()
    },
  })
}

/** The current span's ids for log lines (OpenTelemetry's log field names). */
function traceFields(): object {
  const { context, trace } = otelApi()
  const span = trace.getSpan(context.active())
  if (span === undefined) return {}
  const { traceId, spanId, traceFlags } = span.spanContext()
  return { trace_id: traceId, span_id: spanId, trace_flags: `0${traceFlags.toString(16)}`.slice(-2) }
}

/**
 * OpenTelemetry tracing on `@opentelemetry/api` only: with whatever SDK the app registers, each
 * request gets a server span named `METHOD /route/{template}` with HTTP semantic-convention
 * attributes (continuing the caller's W3C `traceparent`), `wharfjs/http` calls become client spans
 * that send `traceparent` upstream, and log lines written during the request carry `trace_id` and
 * `span_id`. Call it after the SDK is registered (an `--import`ed setup file, or at the top of the
 * app module) and before other middleware: if no SDK is registered by then, it adds nothing at all
 * (zero cost) and returns false.
 *
 * @example
 * import { enableTracing } from 'wharfjs/observability'
 * enableTracing(app) // after your SDK's setup (NodeSDK, NodeTracerProvider…)
 */
export function enableTracing(app: App<any, any>, options: TracingOptions = {}): boolean {
  if (!sdkRegistered()) {
    app.log.debug('No OpenTelemetry SDK is registered: tracing stays off')
    return false
  }
  const { context, propagation, ROOT_CONTEXT, SpanKind, SpanStatusCode, trace } = otelApi()
  const tracer = trace.getTracer(options.tracerName ?? 'wharfjs')
  traceClientCalls(tracer)
  setLogContextSource(traceFields)
  app.use((ctx, next) => {
    const request = ctx.request
    const parent = propagation.extract(ROOT_CONTEXT, request.headers)
    const host = request.headers.host ?? ''
    const colon = host.lastIndexOf(':')
    const attributes: Record<string, string | number> = {
      'http.request.method': ctx.method,
      'url.path': ctx.pathname,
      'url.scheme': request.scheme,
      'server.address': colon > 0 && !host.endsWith(']') ? host.slice(0, colon) : host,
    }
    if (colon > 0) attributes['server.port'] = Number(host.slice(colon + 1))
    if (ctx.search) attributes['url.query'] = ctx.search
    if (request.remoteAddress !== undefined) attributes['client.address'] = request.remoteAddress
    const agent = request.headers['user-agent']
    if (agent !== undefined) attributes['user_agent.original'] = agent
    const span = tracer.startSpan(ctx.method, { kind: SpanKind.SERVER, attributes }, parent)
    serverSpans.set(ctx, span)
    noteTraceId(ctx, span.spanContext().traceId)
    return context.with(trace.setSpan(parent, span), next)
  })
  app.addHooks({
    onMatch: (ctx) => {
      const span = serverSpans.get(ctx)
      if (span === undefined || ctx.route === undefined) return
      span.updateName(`${ctx.method} ${ctx.route}`)
      span.setAttribute('http.route', ctx.route)
    },
    onError: (ctx, error) => {
      const span = serverSpans.get(ctx)
      if (span !== undefined && error instanceof Error) span.recordException(error)
    },
    onResponse: (ctx, sent) => {
      const span = serverSpans.get(ctx)
      if (span === undefined) return
      span.setAttribute('http.response.status_code', sent.status)
      // Server spans: only 5xx are errors (a 404 is the client's).
      if (sent.status >= 500) span.setStatus({ code: SpanStatusCode.ERROR })
      span.end()
    },
  })
  return true
}
