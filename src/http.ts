/**
 * `wharfjs/http`: the outbound async HTTP client, on undici. One shared client per app (or per upstream)
 * keeps keep-alive pools per origin; every call has a timeout per phase, a response size limit and
 * optional retries, and is cancelled by the handler's `ctx.signal` when the client goes away.
 * Unhandled failures answer 502 (`UpstreamError`) or 504 (`TimeoutError`) with `{"detail": ...}`.
 *
 * @example
 * import { App, HTTPException } from 'wharfjs'
 * import { HttpClient } from 'wharfjs/http'
 * const app = new App()
 * const http = new HttpClient({ timeout: 5_000 })
 * app.get('/external-api', async ({ signal }) => {
 *   const res = await http.get('https://example.org/data', { signal })
 *   if (res.status !== 200) throw new HTTPException(res.status, 'Failed to fetch data')
 *   return res.json()
 * })
 * @see docs/http-client.md
 * @module
 */
export { HttpClient } from './http/client.ts'
export { httpClientDependency } from './http/dependency.ts'
export {
  ConnectError,
  ConnectionClosedError,
  HTTPStatusError,
  HttpClientError,
  InvalidResponseError,
  RequestAbortedError,
  ResponseTooLargeError,
  type StatusErrorResponse,
  TimeoutError,
  type TimeoutPhase,
  UpstreamError,
} from './http/errors.ts'
export type {
  ConnectOptions,
  HttpClientOptions,
  QueryParams,
  RequestBody,
  RequestOptions,
  RetryOptions,
  TimeoutOptions,
} from './http/options.ts'
export {
  ClientResponse,
  ClientStreamResponse,
  type ForwardOptions,
  type ResponseHeaders,
} from './http/response.ts'
export { parseRetryAfter } from './http/retry.ts'
