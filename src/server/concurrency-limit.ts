import type { ServerResponse } from 'node:http'

const BUSY_BODY = JSON.stringify({ detail: 'Service Unavailable' })

/**
 * uvicorn's `--limit-concurrency`: at most `limit` requests in progress; beyond, an immediate 503
 * `{"detail":"Service Unavailable"}` instead of a queue that grows until memory runs out.
 *
 * @example
 * const limit = new ConcurrencyLimit(100)
 * if (!limit.admit(res)) return // a 503 was sent
 */
export class ConcurrencyLimit {
  private inFlight = 0

  constructor(readonly limit: number) {}

  /** Counts the request in until its response closes; or answers 503 and returns false. */
  admit(res: ServerResponse): boolean {
    if (this.inFlight >= this.limit) {
      res.writeHead(503, {
        'content-type': 'application/json',
        'content-length': String(BUSY_BODY.length),
        'retry-after': '1',
      })
      res.end(BUSY_BODY)
      return false
    }
    this.inFlight++
    res.once('close', () => this.inFlight--)
    return true
  }
}
