import { HTTPResponse } from '../response.ts'

const BUSY_BODY = JSON.stringify({ detail: 'Service Unavailable' })

/**
 * uvicorn's `--limit-concurrency`: at most `limit` requests in progress; beyond, an immediate 503
 * `{"detail":"Service Unavailable"}` instead of a queue that grows until memory runs out.
 *
 * @example
 * const limit = new ConcurrencyLimit(100)
 * if (!limit.enter()) return limit.busy() // 503
 */
export class ConcurrencyLimit {
  private inFlight = 0

  constructor(readonly limit: number) {}

  /** Counts a request in, or returns false when `limit` are already in progress. */
  enter(): boolean {
    if (this.inFlight >= this.limit) return false
    this.inFlight++
    return true
  }

  /** Counts a request out, once its response is over. */
  leave(): void {
    this.inFlight--
  }

  /** The 503 for a request that was not let in. */
  busy(): HTTPResponse {
    return new HTTPResponse(503, { 'content-type': 'application/json', 'retry-after': '1' }, BUSY_BODY)
  }
}
