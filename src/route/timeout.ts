import { HTTPException } from '../errors.ts'
import type { Exchange } from '../exchange.ts'
import type { HTTPResponse } from '../response.ts'

const ignore = () => {}

/**
 * Runs a route under its `timeout` option: when `ms` pass first, `ctx.signal` aborts (so outbound
 * calls passed the signal stop) and the request is answered 504 `{"detail":"Gateway Timeout"}`
 * through the usual exception handlers. uvicorn has no such option; users ask for it.
 *
 * The abandoned handler is not killed (JavaScript cannot): once the response is out, the request
 * waits for it, so the dependency teardowns it registers still run and shutdown waits for it too.
 *
 * @example
 * app.get('/report', { timeout: 2_000 }, async ({ signal }) => fetchReport({ signal }))
 */
export async function runWithTimeout(
  exchange: Exchange,
  ms: number,
  run: () => Promise<HTTPResponse>,
): Promise<HTTPResponse> {
  const deadline = new AbortController()
  exchange.bindDeadline(deadline.signal)
  let timer: NodeJS.Timeout | undefined
  const expired = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => {
      deadline.abort(new DOMException(`The route did not answer within ${ms} ms`, 'TimeoutError'))
      reject(new HTTPException(504, 'Gateway Timeout'))
    }, ms)
  })
  const running = run()
  try {
    return await Promise.race([running, expired])
  } catch (error) {
    if (deadline.signal.aborted) {
      const settled = running.then(ignore, ignore)
      exchange.afterResponse(() => settled)
    }
    throw error
  } finally {
    clearTimeout(timer)
  }
}
