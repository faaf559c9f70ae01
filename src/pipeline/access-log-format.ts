/**
 * The access log's formats: `json` (pino records on the app's logger, the default), or Apache's
 * `common` / `combined` text lines on stdout, for people who grep.
 */
export type AccessLogFormat = 'json' | 'common' | 'combined'

/** Every format, for option parsing. */
export const ACCESS_LOG_FORMATS: readonly AccessLogFormat[] = ['json', 'common', 'combined']

/**
 * `accessLog` as the server options take it: off, on (JSON), or on in a format.
 *
 * @example
 * app.listen({ accessLog: 'combined' })
 */
export type AccessLogOption = boolean | AccessLogFormat

/** One request, as a text line reports it. */
export interface AccessEntry {
  method: string
  path: string
  status: number
  /** From reading the request to the response written, in ms. */
  durationMs: number
  /** How long it may have waited for a blocked event loop before it was read, in ms (0: it did not). */
  queuedMs: number
  reqId: string | undefined
  traceId: string | undefined
  remoteAddress: string | undefined
  /** Body bytes written. */
  bytes: number
  referer: string | undefined
  userAgent: string | undefined
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec']
const pad = (value: number) => String(value).padStart(2, '0')

/** `10/Oct/2000:13:55:36 +0000`, Apache's `%t` (in UTC). */
function clfTime(date: Date): string {
  const day = `${pad(date.getUTCDate())}/${MONTHS[date.getUTCMonth()]}/${date.getUTCFullYear()}`
  return `${day}:${pad(date.getUTCHours())}:${pad(date.getUTCMinutes())}:${pad(date.getUTCSeconds())} +0000`
}

/** A quoted field: quotes and backslashes escaped, control characters dropped (no forged lines). */
function quoted(value: string | undefined): string {
  if (value === undefined || value === '') return '"-"'
  // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what is removed.
  const safe = value.replace(/[\\"]/g, (char) => `\\${char}`).replace(/[\x00-\x1f\x7f]/g, '')
  return `"${safe}"`
}

const round = (ms: number) => Math.round(ms * 10) / 10

/**
 * The text line of the common or combined format: Apache's fields, then Wharf's own: the request id
 * (quoted), the duration and the queueing delay in ms, and the trace id (`-` when absent).
 *
 * @example
 * textAccessLine('common', entry)
 * // 127.0.0.1 - - [30/Nov/2026:09:00:00 +0000] "GET /items/1 HTTP/1.1" 200 12 "abc-123" 0.4 0 -
 */
export function textAccessLine(format: 'common' | 'combined', entry: AccessEntry, now = new Date()): string {
  const request = quoted(`${entry.method} ${entry.path} HTTP/1.1`)
  const bytes = entry.bytes > 0 ? String(entry.bytes) : '-'
  let line = `${entry.remoteAddress ?? '-'} - - [${clfTime(now)}] ${request} ${entry.status} ${bytes}`
  if (format === 'combined') line += ` ${quoted(entry.referer)} ${quoted(entry.userAgent)}`
  return `${line} ${quoted(entry.reqId)} ${round(entry.durationMs)} ${round(entry.queuedMs)} ${entry.traceId ?? '-'}`
}
