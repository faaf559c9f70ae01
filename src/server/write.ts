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

async function streamResponse(
  res: ServerResponse,
  response: HTTPResponse,
  body: AsyncIterable<string | Uint8Array>,
  log: Logger,
): Promise<number> {
  res.writeHead(response.status, response.headers)
  // HEAD: headers only; still close the source so its cleanup (files, generators' finally) runs.
  const iterator = body[Symbol.asyncIterator]()
  if (res.req.method === 'HEAD') {
    await iterator.return?.()
    res.end()
    return 0
  }
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
