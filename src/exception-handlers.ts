import type { Context } from './context.ts'
import {
  HTTPException,
  isUpstreamFault,
  RequestValidationError,
  statusText,
  type UpstreamFault,
} from './errors.ts'
import { HTTPResponse, isBodylessStatus } from './response.ts'
import { fromWebResponse, isWebResponse } from './web-response.ts'

/** How error bodies look: FastAPI's `{"detail": ...}`, or RFC 9457 `application/problem+json`. */
export type ErrorFormat = 'fastapi' | 'problem'

/**
 * Answers an error with a response. Registered per error class; subclasses match their parent's
 * handler unless they have their own.
 *
 * @example
 * class OutOfStock extends Error {}
 * app.exceptionHandler(OutOfStock, (error) => json({ message: error.message }, { status: 409 }))
 */
export type ExceptionHandler<E = any> = (
  error: E,
  ctx: Context,
) => HTTPResponse | Response | Promise<HTTPResponse | Response>

function errorBody(status: number, detail: unknown, format: ErrorFormat, extra?: Record<string, unknown>) {
  if (format === 'fastapi') return { type: 'application/json', body: JSON.stringify({ detail, ...extra }) }
  const problem = { type: 'about:blank', title: statusText(status), status, detail, ...extra }
  return { type: 'application/problem+json', body: JSON.stringify(problem) }
}

/** The response for an `HTTPException` (also used for Wharf's own 404/405/413…). */
export function httpExceptionResponse(error: HTTPException, format: ErrorFormat): HTTPResponse {
  const headers = { ...error.headers }
  if (isBodylessStatus(error.status)) return new HTTPResponse(error.status, headers, null)
  const { type, body } = errorBody(error.status, error.detail, format)
  return new HTTPResponse(error.status, { 'content-type': type, ...headers }, body)
}

/** The 422 for invalid input: `{"detail": [...issues]}`, or problem+json with the issues as `errors`. */
export function validationErrorResponse(error: RequestValidationError, format: ErrorFormat): HTTPResponse {
  const { type, body } =
    format === 'fastapi'
      ? { type: 'application/json', body: JSON.stringify({ detail: error.issues }) }
      : errorBody(422, 'Request validation failed', format, { errors: error.issues })
  return new HTTPResponse(422, { 'content-type': type }, body)
}

/** The 500 for anything unhandled: logged with its stack, never shown to the client. */
export function internalErrorResponse(error: unknown, ctx: Context, format: ErrorFormat): HTTPResponse {
  logUnhandled(error, ctx)
  const { type, body } = errorBody(500, 'Internal Server Error', format)
  return new HTTPResponse(500, { 'content-type': type }, body)
}

/**
 * The log line of a server error, with its stack. Also written when an exception handler of the app
 * answered it with a 5xx (a replaced 500 handler), so replacing the response never hides the bug.
 */
function logUnhandled(error: unknown, ctx: Context): void {
  // A client that went away made the work fail (an aborted outbound call): nobody reads this 500, and
  // it is not a server bug, so it is not logged as an error.
  if (ctx.signal.aborted) {
    ctx.log.info(
      { err: error, method: ctx.method, url: ctx.request.url },
      'The client went away; the request stopped',
    )
  } else
    ctx.log.error(
      { err: error, method: ctx.method, url: ctx.request.url },
      'Unhandled error while handling a request',
    )
}

/**
 * An outbound call (`wharfjs/http`) failed and the route did not handle it: the fault is upstream, so
 * 502 Bad Gateway or 504 Gateway Timeout (`error.status`) rather than a 500. Logged as a warning.
 */
export function upstreamErrorResponse(error: UpstreamFault, ctx: Context, format: ErrorFormat): HTTPResponse {
  ctx.log.warn({ err: error, method: ctx.method, url: ctx.request.url }, 'An outbound HTTP call failed')
  const { type, body } = errorBody(error.status, error.detail, format)
  return new HTTPResponse(error.status, { 'content-type': type }, body)
}

/**
 * The exception handler registry: user handlers by class (looked up along the prototype chain, most
 * specific first), then the defaults for `HTTPException`, `RequestValidationError` and upstream faults
 * (wharfjs/http's `UpstreamError`: 502/504), then the 500.
 */
export class ExceptionHandlers {
  private readonly handlers = new Map<Function, ExceptionHandler>()

  constructor(private readonly format: ErrorFormat) {}

  set(errorClass: Function, handler: ExceptionHandler): void {
    this.handlers.set(errorClass, handler)
  }

  private lookup(error: unknown): ExceptionHandler | undefined {
    if (error === null || typeof error !== 'object') return undefined
    for (let proto = Object.getPrototypeOf(error); proto !== null; proto = Object.getPrototypeOf(proto)) {
      const handler = this.handlers.get(proto.constructor)
      if (handler) return handler
    }
    return undefined
  }

  private fallback(error: unknown, ctx: Context): HTTPResponse {
    if (error instanceof HTTPException) return httpExceptionResponse(error, this.format)
    if (error instanceof RequestValidationError) return validationErrorResponse(error, this.format)
    if (isUpstreamFault(error)) return upstreamErrorResponse(error, ctx, this.format)
    return internalErrorResponse(error, ctx, this.format)
  }

  /** The response for `error`; a handler that itself fails is logged and answered with a 500. */
  async respond(error: unknown, ctx: Context): Promise<HTTPResponse> {
    const handler = this.lookup(error)
    if (!handler) return this.fallback(error, ctx)
    try {
      const result = await handler(error, ctx)
      const response =
        result instanceof HTTPResponse ? result : isWebResponse(result) ? fromWebResponse(result) : undefined
      if (response) {
        if (response.status >= 500 && !(error instanceof HTTPException)) logUnhandled(error, ctx)
        return response
      }
      throw new TypeError(`The exception handler for ${(error as Error).name} returned no response`)
    } catch (failure) {
      return internalErrorResponse(failure, ctx, this.format)
    }
  }
}
