import { CallAbort } from './call-abort.ts'
import { ConnectError, ConnectionClosedError, TimeoutError } from './errors.ts'
import type { ResolvedRetries } from './settings.ts'

/**
 * The delay before retry number `retry` (0 for the first): exponential, capped, and half random ("equal
 * jitter"), so that clients that failed at the same moment spread their retries out.
 */
export function backoffDelay(retry: number, options: ResolvedRetries): number {
  const ceiling = Math.min(options.maxBackoff, options.backoff * 2 ** retry)
  return ceiling / 2 + (Math.random() * ceiling) / 2
}

/**
 * A `Retry-After` header in ms: delay-seconds or an HTTP date (RFC 9110 §10.2.3). `undefined` when
 * absent or unreadable; a date in the past is 0.
 *
 * @example
 * parseRetryAfter('2') // 2000
 */
export function parseRetryAfter(value: string | string[] | undefined, now = Date.now()): number | undefined {
  const header = Array.isArray(value) ? value[0] : value
  if (header === undefined) return undefined
  const text = header.trim()
  if (/^\d+$/.test(text)) return Number(text) * 1000
  const date = Date.parse(text)
  if (Number.isNaN(date)) return undefined
  return Math.max(0, date - now)
}

/** The wait before retrying a response with a retryable status, or `undefined` to not retry it. */
export function statusRetryDelay(
  retry: number,
  headers: Record<string, string | string[] | undefined>,
  options: ResolvedRetries,
): number | undefined {
  const retryAfter = parseRetryAfter(headers['retry-after'])
  if (retryAfter === undefined) return backoffDelay(retry, options)
  // The server said when it can take the call: honour it, unless that is longer than we will wait.
  return retryAfter <= options.maxRetryAfter ? retryAfter : undefined
}

/**
 * Errors worth another attempt of an idempotent call: the connection failed or was reset, or a phase
 * timed out. Not the total deadline (it is spent), not a malformed or oversized answer (it would repeat).
 */
export function isRetryableError(error: unknown): boolean {
  if (error instanceof TimeoutError) return error.phase !== 'total'
  return error instanceof ConnectError || error instanceof ConnectionClosedError
}

/** Waits `ms`, or rejects with the signal's reason as soon as it is aborted. */
export function sleep(ms: number, signal: AbortSignal | CallAbort | undefined): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason)
    const onAbort = () => {
      clearTimeout(timer)
      reject(signal!.reason)
    }
    const timer = setTimeout(() => {
      if (signal instanceof CallAbort) signal.removeListener('abort', onAbort)
      else signal?.removeEventListener('abort', onAbort)
      resolve()
    }, ms)
    if (signal instanceof CallAbort) signal.once('abort', onAbort)
    else signal?.addEventListener('abort', onAbort, { once: true })
  })
}
