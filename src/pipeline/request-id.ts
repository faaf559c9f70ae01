import { randomUUID } from 'node:crypto'
import type { IncomingHttpHeaders } from 'node:http'

/** Ids a client or an upstream proxy may set: short, and nothing that could forge a log line. */
const SANE_REQUEST_ID = /^[\w.:@/+=-]{1,200}$/

/**
 * The id of a request: the client's (or the load balancer's) `X-Request-ID` when it is sane, so one
 * id follows a request across services; otherwise `fallback` (a platform's own id), or a fresh UUID.
 *
 * @example
 * requestIdOf({ 'x-request-id': 'abc-123' }) // 'abc-123'
 * requestIdOf({}) // '1b4e28ba-2fa1-11d2-883f-0016d3cca427' (random)
 */
export function requestIdOf(headers: IncomingHttpHeaders, fallback?: string): string {
  const given = headers['x-request-id']
  return typeof given === 'string' && SANE_REQUEST_ID.test(given) ? given : (fallback ?? randomUUID())
}
