import type { HeaderMap } from '../response.ts'

/**
 * Adds `token` to the response's `Vary` list unless it is already named there. RFC 9110 §12.5.5: a
 * response chosen by a request header must say so, or a shared cache may serve it to a client that
 * sent a different value. Starlette appends without looking; naming a field twice means nothing more.
 */
export function addVary(headers: HeaderMap, token: string): void {
  const current = headers.vary
  const existing = current === undefined ? '' : Array.isArray(current) ? current.join(', ') : current
  if (existing === '') {
    headers.vary = token
    return
  }
  const wanted = token.toLowerCase()
  const named = existing.split(',').some((field) => {
    const name = field.trim().toLowerCase()
    return name === wanted || name === '*'
  })
  if (!named) headers.vary = `${existing}, ${token}`
}
