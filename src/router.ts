import { joinPaths } from './route/path.ts'
import type { Handler, RouteDefinition, RouteOptions } from './route/types.ts'

/** Options of a `Router`: a path prefix and tags applied to every route in it. */
export interface RouterOptions {
  prefix?: string
  tags?: string[]
}

/** Options of `include()`: an extra prefix and tags for this inclusion. */
export interface IncludeOptions {
  prefix?: string
  tags?: string[]
}

type RouteMethod = {
  <const P extends string, const O extends RouteOptions>(path: P, options: O, handler: Handler<P, O>): Router
  <const P extends string>(path: P, handler: Handler<P, {}>): Router
}

/**
 * A group of routes with a shared prefix and tags, included into an app (FastAPI's `APIRouter`).
 * Routes are collected here and compiled when the app is built, so a router can be filled in any order.
 *
 * @example
 * const items = new Router({ prefix: '/items', tags: ['items'] })
 * items.get('/{id}', { path: { id: t.Integer() } }, ({ path }) => ({ id: path.id }))
 * app.include(items)
 */
export class Router {
  readonly prefix: string
  readonly tags: readonly string[]
  protected readonly definitions: RouteDefinition[] = []
  protected readonly included: { router: Router; options: IncludeOptions }[] = []

  constructor(options: RouterOptions = {}) {
    this.prefix = options.prefix ?? ''
    this.tags = options.tags ?? []
  }

  /** Registers a route for any method; `get`, `post`… are shorthands for it. */
  route(
    method: string,
    path: string,
    optionsOrHandler: RouteOptions | Handler<string, {}>,
    maybe?: Function,
  ): this {
    const [options, handler] =
      typeof optionsOrHandler === 'function'
        ? [{}, optionsOrHandler]
        : [optionsOrHandler, maybe as Handler<string, {}>]
    if (typeof handler !== 'function')
      throw new TypeError(`${method} ${path}: the handler must be a function`)
    this.beforeChange()
    this.definitions.push({ method: method.toUpperCase(), path, options, handler })
    return this
  }

  /** Called before any change; the App refuses changes once it serves. */
  protected beforeChange(): void {}

  readonly get: RouteMethod = (path: string, a: any, b?: any) => this.route('GET', path, a, b)
  readonly post: RouteMethod = (path: string, a: any, b?: any) => this.route('POST', path, a, b)
  readonly put: RouteMethod = (path: string, a: any, b?: any) => this.route('PUT', path, a, b)
  readonly patch: RouteMethod = (path: string, a: any, b?: any) => this.route('PATCH', path, a, b)
  readonly delete: RouteMethod = (path: string, a: any, b?: any) => this.route('DELETE', path, a, b)
  readonly options: RouteMethod = (path: string, a: any, b?: any) => this.route('OPTIONS', path, a, b)
  readonly head: RouteMethod = (path: string, a: any, b?: any) => this.route('HEAD', path, a, b)

  /**
   * Includes another router's routes under this one, with an optional extra prefix and tags.
   *
   * @example
   * app.include(usersRouter, { prefix: '/v1' })
   */
  include(router: Router, options: IncludeOptions = {}): this {
    this.beforeChange()
    this.included.push({ router, options })
    return this
  }

  /** Every route with prefixes joined and tags merged, in registration order (first match wins). */
  collectRoutes(): RouteDefinition[] {
    const own = this.definitions.map((definition) => this.adopt(definition, this.prefix, this.tags))
    const nested = this.included.flatMap(({ router, options }) =>
      router
        .collectRoutes()
        .map((definition) =>
          this.adopt(definition, joinPaths(this.prefix, options.prefix ?? ''), options.tags ?? []),
        ),
    )
    return [...own, ...nested]
  }

  private adopt(definition: RouteDefinition, prefix: string, tags: readonly string[]): RouteDefinition {
    if (!prefix && tags.length === 0) return definition
    const merged = [...tags, ...(definition.options.tags ?? [])]
    const options =
      merged.length > 0 ? { ...definition.options, tags: [...new Set(merged)] } : definition.options
    return { ...definition, path: joinPaths(prefix, definition.path), options }
  }
}
