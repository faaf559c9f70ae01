import type { Logger } from 'pino'
import type { Context } from '../context.ts'
import { type AccessLogFormat, textAccessLine } from './access-log-format.ts'
import type { ResponseSent } from './hooks.ts'
import { queuedMsOf } from './request-timing.ts'
import { traceIdOf } from './request-trace.ts'

/** nginx's status for "the client closed the connection before the response was complete". */
const CLIENT_CLOSED_REQUEST = 499

/**
 * Logs one line per request once it is over (answered, or the client gone): method, path, status,
 * duration in ms, body bytes, and the request id. A response cut short is logged as 499 with
 * `aborted: true` and the status the app had chosen as `appStatus`, as nginx logs it.
 *
 * @example
 * logAccess(app.log, ctx, sent) // → {"reqId":"…","method":"GET","path":"/","status":200,"duration":0.4,"bytes":17}
 */
export function logAccess(
  log: Logger,
  ctx: Context,
  sent: ResponseSent,
  format: AccessLogFormat = 'json',
): void {
  if (format !== 'json') {
    writeTextLine(format, ctx, sent)
    return
  }
  const duration = Math.round(sent.durationMs * 10) / 10
  const method = ctx.method
  const path = ctx.request.url
  const line: Record<string, unknown> = {
    reqId: ctx.request.id,
    method,
    path,
    status: sent.status,
    duration,
    bytes: sent.bytes,
  }
  // Read right after a blocked event loop: it may have waited this long before the server saw it.
  const queued = Math.round(queuedMsOf(ctx))
  if (queued > 0) line.queuedMs = queued
  const traceId = traceIdOf(ctx)
  if (traceId !== undefined) line.traceId = traceId
  if (sent.aborted) {
    const aborted = { ...line, status: CLIENT_CLOSED_REQUEST, appStatus: sent.status, aborted: true }
    log.info(aborted, `${method} ${path} ${CLIENT_CLOSED_REQUEST} ${duration}ms (client went away)`)
    return
  }
  const behind = queued > 0 ? ` (queued up to ${queued}ms behind a blocked event loop)` : ''
  const message = `${method} ${path} ${sent.status} ${duration}ms${behind}`
  if (sent.status >= 500) log.error(line, message)
  else log.info(line, message)
}

/** The common/combined formats: plain lines on stdout, not log records. */
function writeTextLine(format: 'common' | 'combined', ctx: Context, sent: ResponseSent): void {
  const { headers } = ctx.request
  const line = textAccessLine(format, {
    method: ctx.method,
    path: ctx.request.url,
    status: sent.aborted ? CLIENT_CLOSED_REQUEST : sent.status,
    durationMs: sent.durationMs,
    queuedMs: queuedMsOf(ctx),
    reqId: ctx.request.id,
    traceId: traceIdOf(ctx),
    remoteAddress: ctx.request.remoteAddress,
    bytes: sent.bytes,
    referer: headers.referer,
    userAgent: headers['user-agent'],
  })
  process.stdout.write(`${line}\n`)
}
