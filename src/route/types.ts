import type { Context } from '../context.ts'
import type { Dependency, DepsValues } from '../di/depends.ts'
import type { MultipartLimits } from '../params/multipart/limits.ts'
import type { Middleware } from '../pipeline/middleware.ts'
import type { HTTPResponse } from '../response.ts'
import type { AnySchema, FieldSchemas, Infer, InferFields, InferInput, Simplify } from '../schema/types.ts'

/** Documentation of one response status (OpenAPI `responses`). */
export interface ResponseDoc {
  description?: string
  schema?: AnySchema
  headers?: Record<string, { description?: string; schema?: AnySchema }>
}

/** The request parts a route or a dependency declares; validated together, in one 422. */
export interface RequestParams {
  /** Path parameters by name; undeclared ones are strings. */
  path?: FieldSchemas
  /** Query parameters by name; arrays collect repeated keys. */
  query?: FieldSchemas
  /** Header parameters by name (`xToken` reads `x-token`). */
  headers?: FieldSchemas
  /** Cookie parameters by name. */
  cookies?: FieldSchemas
  /** The JSON body. */
  body?: AnySchema
  /**
   * A form body's fields (`ctx.body`), url-encoded or `multipart/form-data`, coerced like query
   * parameters. File fields (`FileUpload()`, `FileBytes()`) make the route read multipart uploads.
   */
  form?: FieldSchemas
}

/** Everything a route can declare: its inputs, its output, and how it is documented. */
export interface RouteOptions extends RequestParams {
  /** Dependencies by name; their values arrive as `ctx.deps.name`. */
  deps?: DepsRecord
  /** The response schema (filters and serializes the return value), or one per status code. */
  response?: AnySchema | { [status: number]: AnySchema }
  /** The status of a plain return value; default 200. 204 and 304 send no body. */
  status?: number
  /** Extra documented responses (OpenAPI). */
  responses?: { [status: number]: ResponseDoc }
  tags?: string[]
  summary?: string
  description?: string
  operationId?: string
  deprecated?: boolean
  /** `false` leaves the route out of the OpenAPI document. */
  includeInSchema?: boolean
  /** Largest accepted body in bytes; default 1 MiB. Larger bodies get 413. */
  bodyLimit?: number
  /**
   * Deepest nesting of arrays/objects accepted in a JSON body; deeper → 422 `json_invalid`, before
   * parsing. Default: the app's `jsonMaxDepth`, else 128.
   */
  jsonMaxDepth?: number
  /** Limits of a multipart body with file fields (file size, counts…); over the app's `multipart`. */
  multipart?: MultipartLimits
  /**
   * Answer within this many ms (body reading, dependencies and handler included) or get 504
   * `{"detail":"Gateway Timeout"}`, with `ctx.signal` aborted. Default: no limit.
   */
  timeout?: number
  /** Merged into the route's OpenAPI operation as is. */
  openapiExtra?: Record<string, unknown>
  /**
   * Check the return value against `response` before sending it (a mismatch is a 500, logged as
   * `ResponseValidationError`). Default: the app's `validateResponses`.
   */
  validateResponse?: boolean
  /** Send only the properties the handler set: schema defaults are not filled in (FastAPI's `response_model_exclude_unset`). */
  excludeUnset?: boolean
  /** Leave out properties equal to their schema default (`response_model_exclude_defaults`). */
  excludeDefaults?: boolean
  /** Leave out `null` properties, at every depth (`response_model_exclude_none`). */
  excludeNone?: boolean /**
   * Read the JSON body in pydantic's strict mode: `"12.5"` is not a number, `"true"` not a boolean.
   * Default: the app's `strictJson` (lax, as pydantic and Fastify are by default).
   */
  strictJson?: boolean
}

type ParamNames<P extends string> = P extends `${string}{${infer Name}}${infer Rest}`
  ? (Name extends `${infer Base}:${string}` ? Base : Name) | ParamNames<Rest>
  : P extends `${string}:${infer Name}/${infer Rest}`
    ? Name | ParamNames<`/${Rest}`>
    : P extends `${string}:${infer Name}`
      ? Name
      : never

/** The string parameters a path template declares: `'/items/{id}'` → `{ id: string }`. */
export type PathParams<P extends string> = string extends P
  ? Record<string, string>
  : Simplify<{ [K in ParamNames<P>]: string }>

/** Named dependencies, as routes, routers and apps declare them. */
export type DepsRecord = Record<string, Dependency<any, any>>

type FieldsOr<F, Fallback> = F extends FieldSchemas ? InferFields<F> : Fallback

/**
 * A per-status response map (`{ 200: A, 404: B }`): an object whose keys are all status numbers. A
 * schema always has string keys (`type`, `~standard`…), and TypeBox's `TSchema` is `{}`, so this test
 * must come before `R extends AnySchema`, which every object passes.
 */
type IsStatusMap<R> = [keyof R] extends [never] ? false : keyof R extends number ? true : false

/**
 * What a handler may return for a route: its response schema's type, for a per-status map any of
 * the declared statuses' types (a handler may set `ctx.response.status`), or any response object.
 */
export type HandlerResult<O extends RouteOptions> = O extends { response: infer R }
  ? IsStatusMap<R> extends true
    ? InferInput<R[keyof R]>
    : R extends AnySchema
      ? InferInput<R>
      : unknown
  : unknown

/** What a handler sees of the request context besides its typed parts; named once, reused by every route. */
interface HandlerContextBase
  extends Omit<Context, 'path' | 'query' | 'headers' | 'cookies' | 'body' | 'deps'> {}

/**
 * The context a handler receives, typed from the route's path and schemas, and inherited dependencies
 * `D`. An interface rather than an intersection: TypeScript resolves its members lazily, one route at
 * a time, which saves a user's project about 35,000 type instantiations per 200 routes (bench/TYPES.md).
 */
export interface HandlerContext<P extends string, O extends RouteOptions, D extends DepsRecord = {}>
  extends HandlerContextBase {
  path: O extends { path: infer F } ? FieldsOr<F, PathParams<P>> : PathParams<P>
  query: O extends { query: infer F } ? FieldsOr<F, {}> : {}
  headers: O extends { headers: infer F } ? FieldsOr<F, {}> : {}
  cookies: O extends { cookies: infer F } ? FieldsOr<F, {}> : {}
  body: O extends { body: infer B } ? Infer<B> : O extends { form: infer F } ? FieldsOr<F, {}> : undefined
  deps: Simplify<DepsValues<D> & (O extends { deps: infer R } ? DepsValues<R> : {})>
}

/** A route handler: receives the typed context, returns a value, a response, or a promise of either. */
export type Handler<P extends string, O extends RouteOptions, D extends DepsRecord = {}> = (
  ctx: HandlerContext<P, O, D>,
) => HandlerReturn<HandlerResult<O>>

/** What a handler returns: the route's result type `T`, or a response object, or a promise of either. */
type HandlerReturn<T> = T | HTTPResponse | Response | Promise<T | HTTPResponse | Response>

/** A registered route before the app is built. */
export interface RouteDefinition {
  method: string
  path: string
  options: RouteOptions
  handler: (ctx: any) => unknown
  /** Middleware of the routers above (`router.use`), outermost first. */
  middleware?: Middleware[]
  /** Dependencies inherited from the app and the routers above, outermost first. */
  inherited?: [string, Dependency][]
}
