import { HTTPException } from '../errors.ts'
import type { Exchange } from '../exchange.ts'
import { type HTTPResponse, redirect } from '../response.ts'
import type { Mounts } from '../route/mounts.ts'
import type { RouteTable } from '../route/table.ts'
import type { HookSet } from './hooks.ts'
import type { Step } from './middleware.ts'
import { runRoute } from './router-middleware.ts'

/**
 * The innermost step: finds the route (404, 405 with `Allow`, or FastAPI's 307 to the other
 * trailing-slash form) and runs its plan: params, body, dependencies, handler, serialization. A path
 * no route matched goes to the app mounted there, if any.
 */
export function endpoint(
  table: RouteTable,
  hooks: HookSet,
  mounts: Mounts | undefined,
  answer: (error: unknown, exchange: Exchange) => Promise<HTTPResponse>,
): Step {
  return (exchange: Exchange): Promise<HTTPResponse> => {
    const { ctx } = exchange
    const found = table.find(ctx.method, ctx.request.url)
    if (found === undefined) {
      const mount = mounts?.size ? mounts.find(ctx.pathname) : undefined
      if (mount === undefined) return miss(table, exchange)
      const served = mounts!.dispatch(mount, exchange)
      if (hooks.onMatch.length > 0) hooks.call(hooks.onMatch, ctx)
      return served
    }
    ctx.route = found.plan.definition.path
    ctx.search = found.search
    if (hooks.onMatch.length > 0) hooks.call(hooks.onMatch, ctx)
    return runRoute(found.plan, exchange, found.params, answer)
  }
}

function miss(table: RouteTable, { ctx }: Exchange): Promise<HTTPResponse> {
  const found = table.miss(ctx.pathname)
  if (found.kind === 'redirect') {
    const host = ctx.request.headers.host ?? 'localhost'
    const query = ctx.search ? `?${ctx.search}` : ''
    return Promise.resolve(redirect(`${ctx.request.scheme}://${host}${found.path}${query}`, 307))
  }
  return Promise.reject(
    found.kind === 'method'
      ? new HTTPException(405, 'Method Not Allowed', { headers: { allow: found.allow.join(', ') } })
      : new HTTPException(404, 'Not Found'),
  )
}
