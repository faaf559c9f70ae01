import type { ServerResponse } from 'node:http'
import type { Socket } from 'node:net'
import type { Delivery } from '../pipeline/sink.ts'
import { answeredWhileBodyArrives } from './unread-body.ts'

const CLIENT_ERRORS: Record<string, [number, string]> = {
  HPE_HEADER_OVERFLOW: [431, 'Request Header Fields Too Large'],
  ERR_HTTP_REQUEST_TIMEOUT: [408, 'Request Timeout'],
}

/** Sockets cut because their request did not arrive in time. */
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
 * What a response that is over reports to the pipeline (access log, `onResponse` hooks). One cut by
 * the request timeout (a body arriving too slowly) reports the 408 its client got from
 * `answerClientError`, rather than an abort by the client (499).
 *
 * @example
 * res.once('close', () => resolve(deliveryOf(res, bytesWritten)))
 */
export function deliveryOf(res: ServerResponse, bytes: number): Delivery {
  if (!res.writableFinished && timedOutSockets.has(res.req.socket))
    return { status: 408, bytes: 0, aborted: false }
  return { status: res.statusCode, bytes, aborted: !res.writableFinished }
}
