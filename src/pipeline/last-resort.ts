import type { Context } from '../context.ts'
import { HTTPResponse } from '../response.ts'

const JSON_BODY = '{"detail":"Internal Server Error"}'
const PROBLEM_BODY =
  '{"type":"about:blank","title":"Internal Server Error","status":500,"detail":"Internal Server Error"}'

/**
 * The response when answering an error failed too (an exception handler that throws, an error body
 * that cannot be serialized, a logger that throws): a constant 500 built from nothing the request
 * carried, so it cannot fail in turn. The failure is logged if the logger still works.
 *
 * @example
 * lastResort(error, ctx, 'fastapi') // 500 {"detail":"Internal Server Error"}
 */
export function lastResort(error: unknown, ctx: Context, problem: boolean): HTTPResponse {
  try {
    ctx.app.log.error({ err: error, url: ctx.request.url }, 'Answering an error failed; sent a plain 500')
  } catch {
    // Nothing left to tell it to.
  }
  return new HTTPResponse(
    500,
    { 'content-type': problem ? 'application/problem+json' : 'application/json' },
    problem ? PROBLEM_BODY : JSON_BODY,
  )
}
