import type { IncomingMessage, ServerResponse } from 'node:http'
import type { Logger } from 'pino'

/**
 * Logs one line per request once it is over (answered, or the client gone): method, path, status and
 * duration in ms, plus the request id. A response cut short is logged with `aborted: true`.
 *
 * @example
 * logAccess(app.log, req, res, 'abc-123') // → {"method":"GET","path":"/","status":200,"duration":0.4,...}
 */
export function logAccess(
  log: Logger,
  req: IncomingMessage,
  res: ServerResponse,
  id: string | undefined,
): void {
  const started = performance.now()
  res.once('close', () => {
    const duration = Math.round((performance.now() - started) * 10) / 10
    const method = req.method ?? 'GET'
    const path = req.url ?? '/'
    const status = res.statusCode
    const line = { reqId: id, method, path, status, duration }
    const message = `${method} ${path} ${status} ${duration}ms`
    if (!res.writableFinished) log.info({ ...line, aborted: true }, `${message} (aborted)`)
    else if (status >= 500) log.error(line, message)
    else log.info(line, message)
  })
}
