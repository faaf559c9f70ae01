import type { RouteDefinition } from '../route/types.ts'

/**
 * FastAPI's operationId: `{handler name}{path}_{method}` with every non-word character turned into `_`,
 * so `GET /items/{item_id}` handled by `read_item` is `read_item_items__item_id__get`. An anonymous
 * handler has no name to start with: it gets `{method}{path}` without trailing `_`, e.g.
 * `get_items__item_id`, and `get_root` for `/`.
 *
 * @example
 * derivedOperationId('GET', '/items/{id}', 'readItem') // 'readItem_items__id__get'
 * derivedOperationId('GET', '/items/{id}', '')         // 'get_items__id'
 */
export function derivedOperationId(method: string, path: string, handlerName: string): string {
  const verb = method.toLowerCase()
  if (handlerName) return `${handlerName}${path}_${verb}`.replace(/\W/g, '_')
  const words = path.replace(/\W/g, '_').replace(/_+$/, '')
  return words ? `${verb}${words}` : `${verb}_root`
}

/**
 * Assigns every route its operationId, unique in the document: explicit `operationId` options first
 * (kept as given), then derived ones; a clash gets `_2`, `_3`… so generated clients never collide.
 *
 * @example
 * const ids = assignOperationIds(app.routes) // Map(route → 'read_item_items__item_id__get', ...)
 */
export function assignOperationIds(
  routes: readonly { route: RouteDefinition; path: string }[],
): Map<RouteDefinition, string> {
  const ids = new Map<RouteDefinition, string>()
  const taken = new Set<string>()
  const claim = (route: RouteDefinition, wanted: string) => {
    let id = wanted
    for (let n = 2; taken.has(id); n++) id = `${wanted}_${n}`
    taken.add(id)
    ids.set(route, id)
  }
  for (const { route } of routes) if (route.options.operationId) claim(route, route.options.operationId)
  for (const { route, path } of routes) {
    if (!route.options.operationId) claim(route, derivedOperationId(route.method, path, route.handler.name))
  }
  return ids
}

/**
 * FastAPI's default summary: the handler's name in title case (`read_item` and `readItem` → `Read Item`).
 * Anonymous handlers get none.
 *
 * @example
 * summaryFromName('readItem') // 'Read Item'
 */
export function summaryFromName(name: string): string | undefined {
  const words = name
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .split(/[_\s]+/)
    .filter(Boolean)
  if (words.length === 0) return undefined
  return words.map((word) => word[0]!.toUpperCase() + word.slice(1)).join(' ')
}
