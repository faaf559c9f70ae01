/**
 * Parses a Cookie header into name → value. Malformed percent-escapes are kept as sent rather than
 * failing the request, and the first occurrence of a name wins (RFC 6265 §5.4 ordering).
 *
 * @example
 * parseCookies('session=abc; theme=dark') // { session: 'abc', theme: 'dark' }
 */
export function parseCookies(header: string | undefined): Record<string, string> {
  const cookies: Record<string, string> = Object.create(null)
  if (!header) return cookies
  for (const pair of header.split(';')) {
    const eq = pair.indexOf('=')
    if (eq === -1) continue
    const name = pair.slice(0, eq).trim()
    if (name === '' || name in cookies) continue
    let value = pair.slice(eq + 1).trim()
    if (value.startsWith('"') && value.endsWith('"') && value.length >= 2) value = value.slice(1, -1)
    cookies[name] = safeDecode(value)
  }
  return cookies
}

function safeDecode(value: string): string {
  if (!value.includes('%')) return value
  try {
    return decodeURIComponent(value)
  } catch {
    return value
  }
}
