import type { Dependency } from './di/depends.ts'
import type { Middleware } from './pipeline/middleware.ts'
import { joinPaths } from './route/path.ts'
import type { DepsRecord, Handler, RouteDefinition, RouteOptions } from './route/types.ts'
import type { WebSocketMethod } from './websocket/types.ts'

/**
 * Startup and shutdown around serving: code before `yield` runs at startup, code after it at
 * shutdown. A startup failure stops the server from listening.
 *
 * @example
 * const app = new App({ lifespan: async function* (app) { await db.connect(); yield; await db.close() } })
 */
export type Lifespan<A = any> = (app: A) => AsyncGenerator<unknown, unknown, unknown>

/** Options of a `Router`: a path prefix, tags and dependencies applied to every route in it. */
export interface RouterOptions<D extends DepsRecord = {}> {
  prefix?: string
  tags?: string[]
  /** Dependencies of every route in the router (auth guards…); handlers see them as `ctx.deps`. */
  deps?: D
  /** Runs at app startup and shutdown, after the app's own, in include order. */
  lifespan?: Lifespan
  /** Documented responses (OpenAPI) of every route in the router; a route's own win per status. */
  responses?: RouteOptions['responses']
}

/** Options of `include()`: an extra prefix and tags for this inclusion. */
export interface IncludeOptions {
  prefix?: string
  tags?: string[]
  /** Documented responses of every route of this inclusion (FastAPI's `include_router(responses=…)`). */
  responses?: RouteOptions['responses']
}

/**
 * The signature shared by `get`, `post`, `put`… The path and the options alone decide the route's
 * types, so the handler is `NoInfer`: TypeScript then types it from them, as a function annotated
 * by hand. Inferring the options from the handler as well walked every branch of TypeBox's `Static`
 * (about a million type instantiations in a user's project, bench/TYPES.md), and left the handler's
 * return type generic while its body was checked, so `{ status: 'live' }` widened to `string`.
 */
export type RouteMethod<D extends DepsRecord, Self> = {
  <const P extends string, const O extends RouteOptions>(
    path: P,
    options: O,
    handler: NoInfer<Handler<P, O, D>>,
  ): Self
  <const P extends string>(path: P, handler: NoInfer<Handler<P, {}, D>>): Self
}

/**
 * A group of routes with a shared prefix, tags and dependencies, included into an app (FastAPI's
 * `APIRouter`). Routes are collected here and compiled when the app is built, so a router can be
 * filled in any order.
 *
 * @example
 * const items = new Router({ prefix: '/items', tags: ['items'] })
 * items.get('/{id}', { path: { id: t.Integer() } }, ({ path }) => ({ id: path.id }))
 * app.include(items)
 */
export class Router<D extends DepsRecord = {}> {
  readonly prefix: string
  readonly tags: readonly string[]
  readonly deps: D
  readonly lifespan: Lifespan | undefined
  readonly responses: RouteOptions['responses']
  protected readonly definitions: RouteDefinition[] = []
  /** WebSocket routes, kept apart: they are compiled into their own table, never into the HTTP one. */
  protected readonly socketDefinitions: RouteDefinition[] = []
  protected readonly included: { router: Router<any>; options: IncludeOptions }[] = []
  /** Middleware of this router's HTTP routes only (`router.use`). */
  protected readonly routeMiddleware: Middleware[] = []

  constructor(options: RouterOptions<D> = {}) {
    this.prefix = options.prefix ?? ''
    this.tags = options.tags ?? []
    this.deps = options.deps ?? ({} as D)
    this.lifespan = options.lifespan
    this.responses = options.responses
  }

  /** Registers a route for any method; `get`, `post`… are shorthands for it. */
  route(method: string, path: string, optionsOrHandler: RouteOptions | Function, maybe?: Function): this {
    const [options, handler] =
      typeof optionsOrHandler === 'function' ? [{}, optionsOrHandler] : [optionsOrHandler, maybe]
    if (typeof handler !== 'function')
      throw new TypeError(`${method} ${path}: the handler must be a function`)
    this.beforeChange()
    this.definitions.push({
      method: method.toUpperCase(),
      path,
      options,
      handler: handler as (ctx: any) => unknown,
    })
    return this
  }

  /**
   * Registers a WebSocket route (FastAPI's `@app.websocket`): its parameters and dependencies are
   * declared, validated and resolved as for HTTP routes, and `ctx.ws` is the connection.
   *
   * @example
   * app.websocket('/rooms/{room}', { path: { room: t.String() } }, async ({ path, ws }) => {
   *   await ws.accept()
   *   for await (const message of ws) await ws.sendText(`${path.room}: ${message}`)
   * })
   */
  readonly websocket: WebSocketMethod<D, this> = (path: string, a: any, b?: any) => {
    const [options, handler] = typeof a === 'function' ? [{}, a] : [a, b]
    if (typeof handler !== 'function')
      throw new TypeError(`websocket ${path}: the handler must be a function`)
    this.beforeChange()
    this.socketDefinitions.push({ method: 'WEBSOCKET', path, options, handler })
    return this
  }

  /**
   * Adds middleware that runs only for this router's HTTP routes (and those of routers included in
   * it), inside the app's middleware: the route was matched, so `ctx.route` is known. First added is
   * outermost; an error further in reaches it as the response the exception handlers made of it, as
   * for app middleware. (On an `App`, `use` is app-wide: every request, unknown paths included.)
   *
   * @example
   * const admin = new Router({ prefix: '/admin' })
   * admin.use(async (ctx, next) => {
   *   if (ctx.request.headers['x-admin'] !== 'yes') throw new HTTPException(403, 'Forbidden')
   *   return next()
   * })
   */
  use(middleware: Middleware): this {
    this.beforeChange()
    this.routeMiddleware.push(middleware)
    return this
  }

  /** Called before any change; the App refuses changes once it serves. */
  protected beforeChange(): void {}

  readonly get: RouteMethod<D, this> = (path: string, a: any, b?: any) => this.route('GET', path, a, b)
  readonly post: RouteMethod<D, this> = (path: string, a: any, b?: any) => this.route('POST', path, a, b)
  readonly put: RouteMethod<D, this> = (path: string, a: any, b?: any) => this.route('PUT', path, a, b)
  readonly patch: RouteMethod<D, this> = (path: string, a: any, b?: any) => this.route('PATCH', path, a, b)
  readonly delete: RouteMethod<D, this> = (path: string, a: any, b?: any) => this.route('DELETE', path, a, b)
  readonly options: RouteMethod<D, this> = (path: string, a: any, b?: any) =>
    this.route('OPTIONS', path, a, b)
  readonly head: RouteMethod<D, this> = (path: string, a: any, b?: any) => this.route('HEAD', path, a, b)

  /**
   * Includes another router's routes under this one, with an optional extra prefix and tags.
   *
   * @example
   * app.include(usersRouter, { prefix: '/v1' })
   */
  include(router: Router<any>, options: IncludeOptions = {}): this {
    this.beforeChange()
    this.included.push({ router, options })
    return this
  }

  /** Every route with prefixes joined, tags merged and dependencies inherited, in registration order. */
  collectRoutes(): RouteDefinition[] {
    return this.collect('http')
  }

  /** Every WebSocket route, with prefixes joined and dependencies inherited as for HTTP routes. */
  collectWebSocketRoutes(): RouteDefinition[] {
    return this.collect('websocket')
  }

  private collect(kind: 'http' | 'websocket'): RouteDefinition[] {
    const deps = Object.entries(this.deps) as [string, Dependency][]
    const mine = kind === 'http' ? this.definitions : this.socketDefinitions
    const own = mine.map((definition) => adopt(definition, this.prefix, this.tags, deps, this.responses))
    const nested = this.included.flatMap(({ router, options }) =>
      router
        .collect(kind)
        .map((definition) =>
          adopt(
            definition,
            joinPaths(this.prefix, options.prefix ?? ''),
            [...this.tags, ...(options.tags ?? [])],
            deps,
            this.responses || options.responses ? { ...this.responses, ...options.responses } : undefined,
          ),
        ),
    )
    return [...own, ...nested].map((definition) => withMiddleware(definition, this.routeMiddleware))
  }

  /** This router's lifespan, then those of included routers, in include order. */
  collectLifespans(): Lifespan[] {
    const own = this.lifespan ? [this.lifespan] : []
    return [...own, ...this.included.flatMap(({ router }) => router.collectLifespans())]
  }
}

function adopt(
  definition: RouteDefinition,
  prefix: string,
  tags: readonly string[],
  deps: [string, Dependency][],
  responses?: RouteOptions['responses'],
): RouteDefinition {
  if (!prefix && tags.length === 0 && deps.length === 0 && !responses) return definition
  const merged = [...new Set([...tags, ...(definition.options.tags ?? [])])]
  let options = merged.length > 0 ? { ...definition.options, tags: merged } : definition.options
  // Documented responses of the routers above; the route's own win, status by status (FastAPI's merge).
  if (responses) options = { ...options, responses: { ...responses, ...options.responses } }
  const inherited = [...deps, ...(definition.inherited ?? [])]
  return { ...definition, path: joinPaths(prefix, definition.path), options, inherited }
}

/** `middleware` around a route: an outer router's runs before an inner router's. */
function withMiddleware(definition: RouteDefinition, middleware: readonly Middleware[]): RouteDefinition {
  if (middleware.length === 0) return definition
  return { ...definition, middleware: [...middleware, ...(definition.middleware ?? [])] }
}
