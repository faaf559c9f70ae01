import FindMyWay from 'find-my-way'
import { WharfError } from '../errors.ts'
import { convertPath } from './path.ts'
import type { RoutePlan } from './plan.ts'

/** How a path that differs from a route only by its trailing slash is treated. */
export type TrailingSlash = 'redirect' | 'ignore' | 'strict'

interface Stored {
  plan: RoutePlan
  wildcard: string | undefined
}

/** Why nothing matched: no such path (404), or not with this method (405, with the methods that exist). */
export type Miss =
  | { kind: 'not-found' }
  | { kind: 'method'; allow: string[] }
  | { kind: 'redirect'; path: string }

/**
 * The app's route table, built once over find-my-way (a radix tree: matching cost grows with the
 * path's length, not the number of routes). GET routes answer HEAD too, unless HEAD is declared.
 */
export class RouteTable {
  private readonly router: FindMyWay.Instance<FindMyWay.HTTPVersion.V1>
  private readonly methods = new Set<string>()

  constructor(
    plans: readonly RoutePlan[],
    private readonly trailingSlash: TrailingSlash,
  ) {
    this.router = FindMyWay({
      ignoreTrailingSlash: trailingSlash === 'ignore',
      caseSensitive: true,
      maxParamLength: 2048,
      // Keep the raw query string: it is parsed only by routes that declare query parameters.
      querystringParser: ((query: string) => query) as unknown as (query: string) => Record<string, string>,
    })
    const explicitHead = new Set(
      plans.filter((p) => p.definition.method === 'HEAD').map((p) => p.definition.path),
    )
    for (const plan of plans) {
      const { method, path } = plan.definition
      this.add(method, path, plan)
      if (method === 'GET' && !explicitHead.has(path)) this.add('HEAD', path, plan)
    }
  }

  private add(method: string, path: string, plan: RoutePlan): void {
    const { matcher, wildcard } = convertPath(path)
    try {
      this.router.on(method as FindMyWay.HTTPMethod, matcher, () => {}, { plan, wildcard } satisfies Stored)
    } catch (error) {
      throw new WharfError('WHARF_ROUTE_DUPLICATE', `${method} ${path}: ${(error as Error).message}`, {
        cause: error,
      })
    }
    this.methods.add(method)
  }

  /** The route for this method and request target (path and query), with its decoded path parameters. */
  find(
    method: string,
    target: string,
  ): { plan: RoutePlan; params: Record<string, string>; search: string } | undefined {
    const found = this.match(method, target)
    if (found === null) return undefined
    const { plan, wildcard } = found.store as Stored
    const params = found.params as Record<string, string>
    if (wildcard !== undefined) {
      params[wildcard] = params['*'] ?? ''
      delete params['*']
    }
    return { plan, params, search: found.searchParams as unknown as string }
  }

  /**
   * find-my-way matches the raw path and decodes parameters afterwards, so `/files/..%2f..%2fetc` gave
   * `{name}` the value `../../etc`, and `/users/` gave `{name}` an empty one. Starlette matches the
   * decoded path, where a `{param}` is one non-empty segment: a `%2F` is a separator there. So a
   * single-segment value holding `/` is matched again with its encoded slashes as separators, and an
   * empty one never matches (the trailing-slash redirect may apply instead). `{name:path}` may hold both.
   */
  private match(method: string, target: string) {
    const found = this.router.find(method as FindMyWay.HTTPMethod, target)
    if (found === null || segmentsAreSound(found.params)) return found
    const query = target.indexOf('?')
    const pathname = query === -1 ? target : target.slice(0, query)
    if (!/%2f/i.test(pathname)) return null
    const decoded = pathname.replace(/%2f/gi, '/') + (query === -1 ? '' : target.slice(query))
    const again = this.router.find(method as FindMyWay.HTTPMethod, decoded)
    return again !== null && segmentsAreSound(again.params) ? again : null
  }

  private allowed(pathname: string): string[] {
    const allow: string[] = []
    for (const method of this.methods) if (this.match(method, pathname) !== null) allow.push(method)
    return allow.sort()
  }

  /** Explains a failed `find`; only runs on the error path. */
  miss(pathname: string): Miss {
    const allow = this.allowed(pathname)
    if (allow.length > 0) return { kind: 'method', allow }
    if (this.trailingSlash === 'redirect' && pathname !== '/') {
      const alternative = pathname.endsWith('/') ? pathname.slice(0, -1) : `${pathname}/`
      if (this.allowed(alternative).length > 0) return { kind: 'redirect', path: alternative }
    }
    return { kind: 'not-found' }
  }
}

/** True when no single-segment parameter (all but find-my-way's `*`) is empty or holds a `/`. */
function segmentsAreSound(params: Record<string, string | undefined>): boolean {
  for (const name in params) {
    if (name === '*') continue
    const value = params[name]
    if (value === '' || value?.includes('/')) return false
  }
  return true
}
