import type { ValidationIssue } from '../schema/issues.ts'

/** RFC 6455 allows 123 bytes of reason in a close frame (125 bytes of payload, 2 for the code). */
const MAX_REASON_BYTES = 123

/**
 * The close reason for invalid parameters: each problem as `loc: msg`, joined by `; ` and cut to fit a
 * close frame (FastAPI sends the error list, which rarely fits).
 *
 * @example
 * validationReason(issues) // 'query.limit: Input should be a valid integer, unable to parse string as an integer'
 */
export function validationReason(issues: readonly ValidationIssue[]): string {
  const text = issues.map((item) => `${item.loc.join('.')}: ${item.msg}`).join('; ')
  return truncateUtf8(text, MAX_REASON_BYTES)
}

function truncateUtf8(text: string, maxBytes: number): string {
  if (Buffer.byteLength(text) <= maxBytes) return text
  let out = ''
  let bytes = 0
  // Whole code points only: a cut inside a character would make the frame invalid UTF-8.
  for (const char of text) {
    const size = Buffer.byteLength(char)
    if (bytes + size > maxBytes - 3) break
    out += char
    bytes += size
  }
  return `${out}...`
}
