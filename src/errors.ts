import { boundIssue } from './schema/input-summary.ts'
import { limitIssues, type ValidationIssue } from './schema/issues.ts'

/**
 * An HTTP error for the client: becomes `{"detail": detail}` with `status` and `headers`, exactly like
 * FastAPI's `HTTPException`. `detail` may be any JSON value.
 *
 * @example
 * app.get('/items/{id}', { path: { id: t.Integer() } }, async ({ path }) => {
 *   const item = await items.find(path.id)
 *   if (!item) throw new HTTPException(404, 'Item not found')
 *   return item
 * })
 */
export class HTTPException extends Error {
  readonly status: number
  readonly detail: unknown
  readonly headers: Record<string, string>

  constructor(status: number, detail?: unknown, options: { headers?: Record<string, string> } = {}) {
    const text = detail === undefined ? statusText(status) : detail
    super(typeof text === 'string' ? text : JSON.stringify(text))
    this.name = 'HTTPException'
    this.status = status
    this.detail = text
    this.headers = options.headers ?? {}
  }
}

/**
 * Invalid request input. The default handler answers 422 `{"detail": issues}` in FastAPI's shape;
 * register `app.exceptionHandler(RequestValidationError, fn)` to answer differently. `issues` is bounded
 * whatever the client sent: at most 100 (then one `too_many_errors` issue counts the rest), each
 * `input`, `ctx`, `msg` and `loc` cut past documented size limits (see `boundIssue`), so serializing it
 * is safe.
 *
 * @example
 * app.exceptionHandler(RequestValidationError, (error) => json({ errors: error.issues }, { status: 400 }))
 */
export class RequestValidationError extends Error {
  readonly issues: ValidationIssue[]
  constructor(issues: ValidationIssue[]) {
    super(`${issues.length} validation error${issues.length === 1 ? '' : 's'} in the request`)
    this.name = 'RequestValidationError'
    const seen = new Map<object, unknown>()
    this.issues = limitIssues(issues).map((item) => boundIssue(item, seen))
  }
}

/**
 * The handler's return value does not fit the route's response schema: a server bug, so a 500
 * (FastAPI's `ResponseValidationError`). The client sees only "Internal Server Error"; the log has the rest.
 *
 * @example
 * app.exceptionHandler(ResponseValidationError, (error, ctx) => {
 *   ctx.log.error({ err: error }, 'response schema mismatch')
 *   return json({ detail: 'Internal Server Error' }, { status: 500 })
 * })
 */
export class ResponseValidationError extends Error {
  /** What does not match, in the 422's item shape, with `loc` starting at `response`. */
  readonly issues: ValidationIssue[]
  constructor(message: string, options?: ErrorOptions & { issues?: ValidationIssue[] }) {
    const issues = options?.issues ?? []
    super(issues.length === 0 ? message : `${message}: ${describeIssues(issues)}`, options)
    this.name = 'ResponseValidationError'
    this.issues = issues
  }
}

/** `response.price: Input should be a valid number (input: null); …`, the first few, for the log line. */
function describeIssues(issues: ValidationIssue[]): string {
  const shown = issues
    .slice(0, 5)
    .map(
      (item) =>
        `${item.loc.join('.')}: ${item.msg} (input: ${String(JSON.stringify(item.input)).slice(0, 200)})`,
    )
  const more = issues.length > 5 ? `; and ${issues.length - 5} more` : ''
  return `${issues.length} validation error${issues.length === 1 ? '' : 's'}: ${shown.join('; ')}${more}`
}

/**
 * Marks an error whose fault is an upstream service's (wharfjs/http's `UpstreamError` carries it):
 * unhandled, it is answered with its `status` (502 or 504) and `detail` instead of a 500, and logged as
 * a warning. A symbol rather than a class, so the core knows nothing of the outbound client.
 *
 * @example
 * class QueueDown extends Error { readonly [upstreamFault] = true; status = 502 as const; detail = 'Queue unavailable' }
 */
export const upstreamFault: unique symbol = Symbol.for('wharfjs.upstreamFault')

/** An error marked with `upstreamFault`: what the default handler needs to answer it. */
export interface UpstreamFault extends Error {
  readonly [upstreamFault]: true
  readonly status: number
  readonly detail: string
}

/** True for an error an upstream service caused (see `upstreamFault`). */
export function isUpstreamFault(error: unknown): error is UpstreamFault {
  return error instanceof Error && (error as Partial<UpstreamFault>)[upstreamFault] === true
}

/**
 * Wharf's own errors about how an app is put together (found at build time, not per request), each with
 * a stable code listed in docs/errors.md.
 *
 * @example
 * try { app.build() } catch (error) { if (error instanceof WharfError) console.error(error.code) }
 */
export class WharfError extends Error {
  readonly code: WharfErrorCode
  constructor(code: WharfErrorCode, message: string, options?: ErrorOptions) {
    super(`${code}: ${message}`, options)
    this.name = 'WharfError'
    this.code = code
  }
}

/**
 * The registry of Wharf's error codes; docs/errors.md explains each with its solution.
 *
 * @example
 * console.log(errorCodes.WHARF_ROUTE_DUPLICATE) // 'Two routes have the same method and path'
 */
export const errorCodes = {
  WHARF_ROUTE_DUPLICATE: 'Two routes have the same method and path',
  WHARF_ROUTE_INVALID_PATH: 'A route path is not valid',
  WHARF_ROUTE_PARAM_MISMATCH: 'A declared path parameter is not in the path, or the other way round',
  WHARF_SCHEMA_INVALID: 'A schema cannot be compiled or converted to JSON Schema',
  WHARF_SERIALIZER_INVALID: 'A response schema cannot be compiled into a serializer',
  WHARF_DEPENDENCY_CYCLE: 'Dependencies depend on each other in a circle',
  WHARF_DEPENDENCY_SCOPE: 'An app-scoped dependency reads the request or uses a request-scoped dependency',
  WHARF_DEPENDENCY_NO_YIELD: 'A generator dependency finished without yielding a value',
  WHARF_BODY_CONFLICT: 'A route declares both a JSON body and a form',
  WHARF_MIDDLEWARE_NEXT_TWICE: 'A middleware called next() more than once',
  WHARF_APP_BUILT: 'The app was changed after it started serving',
  WHARF_STATIC_DIRECTORY: 'The folder given to StaticFiles does not exist or is not a folder',
} as const

/** One of Wharf's error codes (`WHARF_ROUTE_DUPLICATE`, …). */
export type WharfErrorCode = keyof typeof errorCodes

const reasons: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  402: 'Payment Required',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  406: 'Not Acceptable',
  408: 'Request Timeout',
  409: 'Conflict',
  410: 'Gone',
  411: 'Length Required',
  412: 'Precondition Failed',
  413: 'Content Too Large',
  415: 'Unsupported Media Type',
  416: 'Range Not Satisfiable',
  418: "I'm a Teapot",
  422: 'Unprocessable Content',
  425: 'Too Early',
  429: 'Too Many Requests',
  431: 'Request Header Fields Too Large',
  500: 'Internal Server Error',
  501: 'Not Implemented',
  502: 'Bad Gateway',
  503: 'Service Unavailable',
  504: 'Gateway Timeout',
}

/**
 * The standard reason phrase for a status code.
 *
 * @example
 * statusText(404) // 'Not Found'
 */
export function statusText(status: number): string {
  return reasons[status] ?? `HTTP ${status}`
}
