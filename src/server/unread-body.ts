import type { IncomingMessage, ServerResponse } from 'node:http'
import type { Socket } from 'node:net'

/**
 * The most of an unread request body a response still drains to keep the connection alive. Reading
 * and dropping 64 KiB costs less than a new connection; beyond it, draining is work an attacker gets
 * for free (a declared 1 GiB body answered 413 at once would otherwise be read to its end).
 */
export const DRAINABLE_BODY_BYTES = 64 * 1024

/** The last request of each connection that was answered before its body had arrived. */
const answeredEarly = new WeakMap<Socket, IncomingMessage>()

/**
 * Call before a response's headers go out. When the request body has not been read to its end (an
 * answer sent before the body: 413 on a declared length, 401 from a dependency, 404 on a POST) and
 * what remains may be large (declared above `DRAINABLE_BODY_BYTES`, or chunked, so unbounded), the
 * response says `connection: close` and node:http closes the connection once it is written, instead
 * of reading and discarding the rest of the body to serve the next request. Small remainders are
 * drained as before, and the connection stays alive.
 *
 * @example
 * closeIfBodyUnread(res)
 * res.writeHead(413, headers)
 */
export function closeIfBodyUnread(res: ServerResponse): void {
  const req: IncomingMessage | undefined = res.req
  // A destroyed request has let go of its socket (null): the connection is closing already.
  const socket: Socket | null | undefined = req?.socket
  if (!socket || req.complete || res.headersSent) return
  answeredEarly.set(socket, req)
  // Until the close, nothing reads the rest unless the app does: node:http stops reading the socket
  // once the request's buffer is full, and TCP flow control holds the client back.
  if (unreadMayBeLarge(req)) res.setHeader('connection', 'close')
  // node:http drains an unread body itself after the response, but not one the app began to read
  // and left (a body stream it stopped early): drop the rest then, so the next request gets through.
  else res.once('finish', () => drainRest(req))
}

function drainRest(req: IncomingMessage): void {
  if (!req.complete && req.readableFlowing !== true) req.resume()
}

function unreadMayBeLarge(req: IncomingMessage): boolean {
  const declared = req.headers['content-length']
  if (declared !== undefined) return !(Number(declared) <= DRAINABLE_BODY_BYTES)
  return req.headers['transfer-encoding'] !== undefined
}

/**
 * True while the request on `socket` was answered already and the rest of its body is still being
 * drained: a request timeout then closes the connection without a second answer.
 *
 * @example
 * if (answeredWhileBodyArrives(socket)) socket.destroy()
 */
export function answeredWhileBodyArrives(socket: Socket): boolean {
  return answeredEarly.get(socket)?.complete === false
}
