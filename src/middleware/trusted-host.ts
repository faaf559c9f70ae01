import type { Context } from '../context.ts'
import type { Middleware } from '../pipeline/middleware.ts'
import { redirect, text } from '../response.ts'
import { hostName } from './host.ts'

/**
 * Options of `trustedHost()`, as Starlette's `TrustedHostMiddleware`. A request whose `Host` matches
 * none of `allowedHosts` is answered 400 `Invalid host header` (text/plain), or, with `wwwRedirect`,
 * redirected (307) to the `www.` host when only that one is allowed.
 */
export interface TrustedHostOptions {
  /**
   * Host names (no port) to serve: exact names, `*.example.com` for any subdomain (not the domain
   * itself), or `*` for any. Default `['*']`: everything is let through.
   */
  allowedHosts?: readonly string[]
  /** Redirect `example.com` to `www.example.com` when only the latter is allowed. Default true. */
  wwwRedirect?: boolean
}

const WILDCARD_RULE = "Domain wildcard patterns must be like '*.example.com'."

/**
 * Rejects requests for hosts the app does not serve, a defence against Host header attacks
 * (poisoned absolute URLs, cache poisoning). Starlette's behaviour exactly.
 *
 * @example
 * app.use(trustedHost({ allowedHosts: ['example.com', '*.example.com'] }))
 */
export function trustedHost(options: TrustedHostOptions = {}): Middleware {
  const allowedHosts = [...(options.allowedHosts ?? ['*'])]
  for (const pattern of allowedHosts) {
    // Only a leading `*.` is supported: anything else would silently match nothing, or too much.
    if (
      pattern.slice(1).includes('*') ||
      (pattern.startsWith('*') && pattern !== '*' && !pattern.startsWith('*.'))
    )
      throw new TypeError(`${WILDCARD_RULE} Got '${pattern}'.`)
  }
  const wwwRedirect = options.wwwRedirect ?? true
  if (allowedHosts.includes('*')) return (_ctx, next) => next()

  const check = (host: string): 'valid' | 'www' | 'invalid' => {
    let www = false
    for (const pattern of allowedHosts) {
      if (host === pattern || (pattern.startsWith('*') && host.endsWith(pattern.slice(1)))) return 'valid'
      if (`www.${host}` === pattern) www = true
    }
    return www ? 'www' : 'invalid'
  }

  const wwwLocation = (ctx: Context, hostHeader: string): string =>
    `${ctx.request.scheme}://www.${hostHeader}${ctx.request.rootPath ?? ''}${ctx.request.url}`

  return (ctx, next) => {
    const hostHeader = ctx.request.headers.host ?? ''
    const verdict = check(hostName(hostHeader))
    if (verdict === 'valid') return next()
    if (verdict === 'www' && wwwRedirect) return redirect(wwwLocation(ctx, hostHeader))
    return text('Invalid host header', { status: 400 })
  }
}
