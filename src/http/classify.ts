import { BodyLimitExceeded } from './body-limit.ts'
import {
  ConnectError,
  ConnectionClosedError,
  HttpClientError,
  InvalidResponseError,
  RequestAbortedError,
  ResponseTooLargeError,
  TimeoutError,
} from './errors.ts'
import type { ResolvedTimeouts } from './settings.ts'

/** The call a raw error belongs to, to name it in the typed error. */
export interface CallIdentity {
  readonly method: string
  readonly url: string
  readonly timeouts: ResolvedTimeouts
  /** The caller's signal: when it is aborted, whatever undici threw is really a cancellation. */
  readonly userSignal: AbortSignal | undefined
}

/** Failures to open a connection, as node:net, node:dns and node:tls report them. */
const CONNECT_CODES = new Set([
  'ECONNREFUSED',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EAI_FAIL',
  'EHOSTUNREACH',
  'EHOSTDOWN',
  'ENETUNREACH',
  'ENETDOWN',
  'EADDRNOTAVAIL',
])

/** The connection died under a request: undici's `SocketError` and the raw errno codes. */
const CLOSED_CODES = new Set(['UND_ERR_SOCKET', 'ECONNRESET', 'EPIPE', 'ECONNABORTED', 'UND_ERR_CLOSED'])

/** The upstream spoke something that is not the HTTP it promised. */
const INVALID_CODES = new Set([
  'UND_ERR_RES_CONTENT_LENGTH_MISMATCH',
  'UND_ERR_HEADERS_OVERFLOW',
  'UND_ERR_INFO',
])

function isTlsCode(code: string): boolean {
  return code.startsWith('ERR_TLS_') || code.startsWith('ERR_SSL_') || code.includes('CERT')
}

/**
 * Turns whatever a call threw into the client's typed errors, so callers and the 502/504 mapping deal
 * with one vocabulary instead of undici's, node's and the DNS resolver's. Errors that are not about the
 * upstream (a bad argument, a closed client) are returned unchanged.
 */
export function classifyError(error: unknown, call: CallIdentity): unknown {
  if (error instanceof HttpClientError) return error
  const { method, url } = call
  if (error instanceof BodyLimitExceeded) return new ResponseTooLargeError(method, url, error.limit)
  if (call.userSignal?.aborted) return new RequestAbortedError(method, url, call.userSignal.reason)
  const code = (error as { code?: unknown } | null)?.code
  const options = { cause: error }
  if (typeof code === 'string') {
    if (code === 'UND_ERR_CONNECT_TIMEOUT')
      return new TimeoutError(method, url, 'connect', call.timeouts.connect, options)
    if (code === 'UND_ERR_HEADERS_TIMEOUT')
      return new TimeoutError(method, url, 'headers', call.timeouts.headers, options)
    if (code === 'UND_ERR_BODY_TIMEOUT')
      return new TimeoutError(method, url, 'body', call.timeouts.body, options)
    if (CONNECT_CODES.has(code) || isTlsCode(code))
      return new ConnectError(method, url, `could not connect (${code})`, options)
    if (CLOSED_CODES.has(code))
      return new ConnectionClosedError(
        method,
        url,
        'the connection was closed or reset mid-exchange',
        options,
      )
    if (INVALID_CODES.has(code) || code.startsWith('HPE_'))
      return new InvalidResponseError(method, url, `invalid HTTP response (${code})`, options)
  }
  if ((error as Error | null)?.name === 'HTTPParserError')
    return new InvalidResponseError(method, url, 'the response is not valid HTTP/1.1', options)
  return error
}
