import type { Context } from '../context.ts'
import type { RequestParams } from '../route/types.ts'
import type { FieldSchemas, Infer, InferFields } from '../schema/types.ts'

/**
 * When a dependency is set up and torn down:
 * - `request` (default): once per request; teardown after the response has been sent (a streamed
 *   response can still use it).
 * - `function`: once per request; teardown as soon as the handler returns, before the response is sent.
 * - `app`: once per app (created on first use), torn down at shutdown: the singleton (pools, clients).
 */
export type DependencyScope = 'request' | 'function' | 'app'

/** What a dependency declares it reads; validated with the route's own parameters, in one 422. */
export interface DependencyParams extends RequestParams {
  /** Sub-dependencies, resolved first; their values arrive as `ctx.deps`. */
  deps?: Record<string, Dependency<any, any>>
}

/** Options of `Depends()`. */
export interface DependsOptions {
  scope?: DependencyScope
  /** `false` runs the dependency every time it is used in a request, instead of once. */
  cache?: boolean
  /**
   * For `scope: 'app'`: create it at startup (after the lifespans) instead of on first use, so a
   * failure (a database that is down) stops the server from listening rather than failing requests.
   */
  startup?: boolean
  /** A name for logs, errors and OpenAPI; defaults to the function's name. */
  name?: string
  /** What this dependency adds to the OpenAPI document of every route that uses it (security utilities). */
  openapi?: DependencyOpenAPI
  /**
   * For a dependency derived from another (`Security(dep, { scopes })`): the one it stands for, so
   * `app.dependencyOverrides.set(original, …)` replaces it too.
   */
  original?: Dependency<any, any>
}

/** OpenAPI contributions of a dependency: security schemes and the operation's security requirement. */
export interface DependencyOpenAPI {
  /** Entries for `components.securitySchemes`, by scheme name. */
  securitySchemes?: Record<string, Record<string, unknown>>
  /** Requirements added to the operation's `security` list, e.g. `[{ OAuth2PasswordBearer: [] }]`. */
  security?: Record<string, string[]>[]
}

type FieldsOf<F> = F extends FieldSchemas ? InferFields<F> : {}

/** The values of a record of dependencies: `{ db: Depends(() => pool) }` → `{ db: Pool }`. */
export type DepsValues<D> = { -readonly [K in keyof D]: D[K] extends Dependency<infer V, any> ? V : never }

/** The context a dependency function receives: the request context, with its own declared params typed. */
export type DependencyContext<P extends DependencyParams> = Omit<
  Context,
  'path' | 'query' | 'headers' | 'cookies' | 'body' | 'deps'
> & {
  path: P extends { path: infer F } ? FieldsOf<F> : {}
  query: P extends { query: infer F } ? FieldsOf<F> : {}
  headers: P extends { headers: infer F } ? FieldsOf<F> : {}
  cookies: P extends { cookies: infer F } ? FieldsOf<F> : {}
  body: P extends { body: infer B } ? Infer<B> : P extends { form: infer F } ? FieldsOf<F> : undefined
  deps: P extends { deps: infer D } ? DepsValues<D> : {}
}

/** What a dependency provides: the generator's yielded value, the promise's value, or the value. */
export type Provided<R> =
  R extends AsyncGenerator<infer Y, any, any> ? Y : R extends Generator<infer Y, any, any> ? Y : Awaited<R>

/**
 * A declared dependency (made by `Depends`). Compare by identity: the same object used twice in a
 * request resolves once, and `app.dependencyOverrides` is keyed by it.
 *
 * @example
 * const settings: Dependency<Settings> = Depends(() => loadSettings(), { scope: 'app' })
 * app.dependencyOverrides.set(settings, () => testSettings)
 */
export class Dependency<T = unknown, P extends DependencyParams = DependencyParams> {
  /** Carries the provided type for inference; never set at run time. */
  declare readonly '~provides': T
  readonly scope: DependencyScope
  readonly cache: boolean
  readonly startup: boolean
  readonly name: string
  readonly openapi: DependencyOpenAPI | undefined
  /** The dependency this one was derived from (`Security()`), whose overrides apply to it. */
  readonly original: Dependency<any, any> | undefined
  /** `params.deps` as `[name, dependency]` pairs, read once: resolution walks them on every request. */
  readonly subDependencies: readonly (readonly [string, Dependency])[]
  /** The names of the fields it declares, per request part, read once for the same reason. */
  readonly fieldNames: Readonly<Record<'path' | 'query' | 'headers' | 'cookies' | 'form', readonly string[]>>

  constructor(
    readonly params: P,
    readonly fn: (ctx: any) => unknown,
    options: DependsOptions = {},
  ) {
    this.scope = options.scope ?? 'request'
    this.cache = options.cache ?? true
    this.startup = options.startup ?? false
    this.name = options.name ?? (fn.name || 'anonymous dependency')
    this.openapi = options.openapi
    this.original = options.original
    this.subDependencies = Object.entries(params.deps ?? {}) as [string, Dependency][]
    const names = (fields: object | undefined) => (fields ? Object.keys(fields) : [])
    this.fieldNames = {
      path: names(params.path),
      query: names(params.query),
      headers: names(params.headers),
      cookies: names(params.cookies),
      form: names(params.form),
    }
  }
}

/**
 * Declares a dependency, FastAPI's `Depends`. The function may return a value or a promise, or be an
 * (async) generator: the code after `yield` is its teardown, and an error from the handler (or a later
 * dependency) is thrown into it at the `yield`, so `try/catch/finally` can roll back.
 *
 * @example
 * const db = Depends(async function* database() {
 *   const tx = await pool.begin()
 *   try { yield tx; await tx.commit() } catch (error) { await tx.rollback(); throw error }
 * })
 * const currentUser = Depends({ headers: { authorization: t.String() }, deps: { db } },
 *   async ({ headers, deps }) => deps.db.userForToken(headers.authorization))
 * app.get('/me', { deps: { user: currentUser } }, ({ deps }) => deps.user)
 */
export function Depends<R>(
  fn: (ctx: DependencyContext<{}>) => R,
  options?: DependsOptions,
): Dependency<Provided<R>, {}>
export function Depends<const P extends DependencyParams, R>(
  params: P,
  fn: (ctx: DependencyContext<P>) => R,
  options?: DependsOptions,
): Dependency<Provided<R>, P>
export function Depends(
  paramsOrFn: DependencyParams | ((ctx: any) => unknown),
  fnOrOptions?: ((ctx: any) => unknown) | DependsOptions,
  maybeOptions?: DependsOptions,
): Dependency<any, any> {
  if (typeof paramsOrFn === 'function')
    return new Dependency({}, paramsOrFn, fnOrOptions as DependsOptions | undefined)
  if (typeof fnOrOptions !== 'function') throw new TypeError('Depends(params, fn): fn must be a function')
  return new Dependency(paramsOrFn, fnOrOptions, maybeOptions)
}
