import type { Middleware } from '../pipeline/middleware.ts'
import { redirect, text } from '../response.ts'
import { hostName, hostPort } from './host.ts'

/**
 * Redirects every plain-HTTP request to HTTPS, as Starlette's `HTTPSRedirectMiddleware`: 307 (the
 * method and body are kept, RFC 9110 §15.4.8) to `https://host[:port]/path?query`, the default ports
 * 80 and 443 dropped. A WebSocket handshake (`Upgrade: websocket`) goes to `wss://`. A request
 * without a `Host` header gets 400 `Invalid host header`. Requests that arrived over TLS, or that a
 * trusted proxy says did (`listen({ trustedProxies })`), pass through. It takes no options.
 *
 * @example
 * app.use(httpsRedirect())
 */
export function httpsRedirect(): Middleware {
  return (ctx, next) => {
    const { scheme, headers } = ctx.request
    if (scheme !== 'http' && scheme !== 'ws') return next()
    const hostHeader = headers.host
    if (!hostHeader) return text('Invalid host header', { status: 400 })
    const websocket = scheme === 'ws' || headers.upgrade?.toLowerCase() === 'websocket'
    const port = hostPort(hostHeader)
    const name = hostName(hostHeader)
    const bracketed = name.includes(':') ? `[${name}]` : name
    const authority =
      port === undefined || port === '80' || port === '443' ? bracketed : `${bracketed}:${port}`
    const target = `${ctx.request.rootPath ?? ''}${ctx.request.url}`
    return redirect(`${websocket ? 'wss' : 'https'}://${authority}${target}`, 307)
  }
}
