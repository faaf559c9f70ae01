import type { Exchange } from '../exchange.ts'
import type { HTTPResponse } from '../response.ts'
import type { RoutePlan } from '../route/plan.ts'
import { compose, type Step } from './middleware.ts'

/** The matched route's path parameters, for the composed chain's innermost step. */
const routeParams = new WeakMap<Exchange, Record<string, string>>()
/** Each route's chain of router middleware around its plan, composed on its first request. */
const chains = new WeakMap<RoutePlan, Step>()

/**
 * Runs a matched route: through its routers' middleware (`router.use`) when it has any, composed like
 * app middleware (errors further in reach a layer as the response `answer` makes of them), else
 * straight to its plan. Routes without router middleware pay one property check.
 */
export function runRoute(
  plan: RoutePlan,
  exchange: Exchange,
  params: Record<string, string>,
  answer: (error: unknown, exchange: Exchange) => Promise<HTTPResponse>,
): Promise<HTTPResponse> {
  const middleware = plan.definition.middleware
  if (middleware === undefined || middleware.length === 0) return plan.run(exchange, params)
  let chain = chains.get(plan)
  if (chain === undefined) {
    chain = compose(middleware, (inner) => plan.run(inner, routeParams.get(inner) ?? {}), answer)
    chains.set(plan, chain)
  }
  routeParams.set(exchange, params)
  return chain(exchange)
}
