import type { Socket } from 'node:net'
import { answeredWhileBodyArrives } from './unread-body.ts'

const CLIENT_ERRORS: Record<string, [number, string]> = {
  HPE_HEADER_OVERFLOW: [431, 'Request Header Fields Too Large'],
  ERR_HTTP_REQUEST_TIMEOUT: [408, 'Request Timeout'],
}

/** Sockets cut because their request did not arrive in time: their access line says 408, not 499. */
const timedOutSockets = new WeakSet<Socket>()

/**
 * node:http's `clientError` listener: a request that is malformed or too slow (headers or request
 * timeout) gets a JSON error in the documented shape, then the connection is closed.
 *
 * @example
 * server.on('clientError', answerClientError)
 */
export function answerClientError(error: NodeJS.ErrnoException, socket: Socket): void {
  if (error.code === 'ERR_HTTP_REQUEST_TIMEOUT') timedOutSockets.add(socket)
  // A request answered already (a stream under way while the body still arrives, or an early answer
  // whose body is being drained) must not get a second status line: the connection is just closed.
  const current = (socket as { _httpMessage?: { headersSent?: boolean } })._httpMessage
  const answered = current?.headersSent === true || answeredWhileBodyArrives(socket)
  if (!socket.writable || error.code === 'ECONNRESET' || answered) {
    socket.destroy()
    return
  }
  const [status, detail] = CLIENT_ERRORS[error.code ?? ''] ?? [400, 'Bad Request']
  const body = JSON.stringify({ detail })
  socket.end(
    `HTTP/1.1 ${status} ${detail}\r\ncontent-type: application/json\r\ncontent-length: ${body.length}\r\nconnection: close\r\n\r\n${body}`,
  )
}

/**
 * Whether `socket` was closed by the headers or request timeout.
 *
 * @example
 * const status = res.writableFinished ? res.statusCode : timedOut(req.socket) ? 408 : 499
 */
export function timedOut(socket: Socket): boolean {
  return timedOutSockets.has(socket)
}
