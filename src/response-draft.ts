import { type SetCookie, stringifySetCookie } from 'cookie'
import type { HeaderMap } from './response.ts'

/**
 * Attributes of a cookie set with `ctx.response.setCookie` (FastAPI's `response.set_cookie`): `path`
 * defaults to `/` and `sameSite` to `lax`, as in Starlette; `maxAge` is in seconds.
 *
 * @example
 * ctx.response.setCookie('session', token, { httpOnly: true, secure: true, maxAge: 3600 })
 */
export type CookieOptions = Omit<SetCookie, 'name' | 'value'>

/**
 * What a handler or middleware may set on the response built from a plain return value: the status,
 * headers, and cookies (serialized by the `cookie` package, one `Set-Cookie` header each).
 *
 * @example
 * app.post('/login', async (ctx) => {
 *   ctx.response.status = 201
 *   ctx.response.setCookie('session', await newSession(), { httpOnly: true })
 *   return { ok: true }
 * })
 */
export class ResponseDraft {
  /** Overrides the route's status; the response schema declared for that status is used. */
  status: number | undefined = undefined
  headers: HeaderMap = {}

  /** Adds a `Set-Cookie` header; `Path=/` and `SameSite=Lax` unless the options say otherwise. */
  setCookie(name: string, value: string, options: CookieOptions = {}): this {
    const header = stringifySetCookie({ path: '/', sameSite: 'lax', ...options, name, value })
    const current = this.headers['set-cookie']
    this.headers['set-cookie'] =
      current === undefined ? [header] : Array.isArray(current) ? [...current, header] : [current, header]
    return this
  }

  /** Tells the client to drop a cookie: empty value, `Max-Age=0`, an expiry in 1970. Give the same `path`/`domain` it was set with. */
  deleteCookie(
    name: string,
    options: Pick<CookieOptions, 'path' | 'domain' | 'secure' | 'httpOnly' | 'sameSite'> = {},
  ): this {
    return this.setCookie(name, '', { ...options, maxAge: 0, expires: new Date(0) })
  }
}
