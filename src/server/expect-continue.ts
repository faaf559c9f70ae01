import type { ServerResponse } from 'node:http'

/** node:http's own flags for `Expect: 100-continue` (its `writeHead` reads them too). */
interface ContinueFlags {
  _expect_continue?: boolean
  _sent100?: boolean
}

/**
 * Sends `100 Continue` to a client that asked for it (`Expect: 100-continue`), once, when the body is
 * about to be read. `listen()` takes node:http's `checkContinue` event so that it does not answer
 * 100 on its own as soon as the headers arrive: a request answered before its body is read (413 for
 * a declared length over the limit, 401, 404) then never makes the client send the body, and
 * node:http closes the connection after that answer, as the RFC asks.
 *
 * @example
 * sendContinueIfAwaited(res)
 * const body = await readNodeBody(req, limit)
 */
export function sendContinueIfAwaited(res: ServerResponse): void {
  const flags = res as ServerResponse & ContinueFlags
  if (flags._expect_continue === true && flags._sent100 !== true && !res.headersSent) res.writeContinue()
}

/**
 * `source`, sending `100 Continue` (when awaited) as the first chunk is asked for.
 *
 * @example
 * for await (const chunk of continuedOnRead(res, req)) upload.write(chunk)
 */
export async function* continuedOnRead<T>(res: ServerResponse, source: AsyncIterable<T>): AsyncGenerator<T> {
  sendContinueIfAwaited(res)
  yield* source
}
