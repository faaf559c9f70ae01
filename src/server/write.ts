import type { ServerResponse } from 'node:http'
import type { Logger } from 'pino'
import { drainOrClose } from '../drain.ts'
import type { HTTPResponse } from '../response.ts'
import { closeIfBodyUnread } from './unread-body.ts'

/**
 * Writes a response description to node:http and returns the body bytes written (a promise for
 * streams). Strings and bytes go out in one `end()` with a `content-length`; iterables are streamed
 * with backpressure (waiting for `drain`) and stopped, through the iterator's `return()`, when the
 * client goes away.
 */
export function writeResponse(
  res: ServerResponse,
  response: HTTPResponse,
  log: Logger,
): number | Promise<number> {
  const { status, headers, body } = response
  if (res.destroyed) return answerNobody(res, status, body)
  closeIfBodyUnread(res)
  if (body === null) {
    if (status >= 200 && status !== 204 && status !== 304) headers['content-length'] = '0'
    res.writeHead(status, headers)
    res.end()
    return 0
  }
  if (typeof body === 'string') {
    // The pipeline sets the length of every string body (so all adapters agree); measured once.
    const length = (headers['content-length'] ??= String(Buffer.byteLength(body)))
    res.writeHead(status, headers)
    res.end(body)
    return res.req.method === 'HEAD' ? 0 : Number(length)
  }
  if (body instanceof Uint8Array) {
    headers['content-length'] = String(body.byteLength)
    res.writeHead(status, headers)
    res.end(body)
    return res.req.method === 'HEAD' ? 0 : body.byteLength
  }
  return streamResponse(res, response, body as AsyncIterable<string | Uint8Array>, log)
}

/**
 * The client left (its connection is closed) before the response was ready. node:http would build an
 * `ERR_STREAM_DESTROYED` for the write, stack trace included, only to drop it: about 0.1 ms of CPU per
 * response, a second of blocked event loop when 10,000 clients leave at once (a load balancer's
 * timeout, the end of a load test). Nothing is written; the status is kept for the access log (499
 * with the app's status) and a streamed body's source is closed, so that its cleanup runs (waiting for
 * `drain` on a closed response would hold it forever).
 */
function answerNobody(
  res: ServerResponse,
  status: number,
  body: HTTPResponse['body'],
): number | Promise<number> {
  res.statusCode = status
  if (body === null || typeof body === 'string' || body instanceof Uint8Array) return 0
  return discard(body as AsyncIterable<string | Uint8Array>).then(() => 0)
}

/**
 * Closes a body that will not be read, so that what it holds is let go. A Node stream (a file's, say) is
 * destroyed: its async iterator's `return()` does nothing before the first read. Anything else gets
 * `return()`, which runs a started generator's `finally`. Never rejects.
 */
function discard(body: AsyncIterable<string | Uint8Array>): Promise<void> {
  const stream = body as { destroy?: () => void }
  try {
    if (typeof stream.destroy === 'function') {
      stream.destroy()
      return Promise.resolve()
    }
    return Promise.resolve(body[Symbol.asyncIterator]().return?.()).then(
      () => undefined,
      () => undefined,
    )
  } catch {
    return Promise.resolve()
  }
}

async function streamResponse(
  res: ServerResponse,
  response: HTTPResponse,
  body: AsyncIterable<string | Uint8Array>,
  log: Logger,
): Promise<number> {
  res.writeHead(response.status, response.headers)
  // HEAD: headers only; still close the source so its cleanup (files, generators' finally) runs.
  if (res.req.method === 'HEAD') {
    await discard(body)
    res.end()
    return 0
  }
  const iterator = body[Symbol.asyncIterator]()
  let closed = false
  let bytes = 0
  const onClose = () => {
    closed = true
  }
  res.once('close', onClose)
  try {
    for (;;) {
      const step = await iterator.next()
      if (step.done || closed) break
      const chunk = step.value
      bytes += typeof chunk === 'string' ? Buffer.byteLength(chunk) : chunk.byteLength
      if (!res.write(chunk)) {
        await drainOrClose(res)
      }
    }
    if (closed) await iterator.return?.()
    else res.end()
  } catch (error) {
    // Headers are out: the only honest signal left is to cut the connection.
    log.error({ err: error }, 'A streamed response failed after it started')
    res.destroy(error as Error)
  } finally {
    res.off('close', onClose)
  }
  return bytes
}
