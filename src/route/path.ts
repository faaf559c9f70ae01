import { WharfError } from '../errors.ts'

/** A route path in find-my-way's syntax, plus the name its catch-all parameter should carry. */
export interface ConvertedPath {
  matcher: string
  /** `{file_path:path}` matches the rest of the path; find-my-way calls that parameter `*`. */
  wildcard: string | undefined
  params: string[]
}

const BRACE = /\{([A-Za-z_$][\w$]*)(?::(path))?\}/g

/**
 * Accepts FastAPI/OpenAPI syntax (`/items/{id}`, `/files/{file_path:path}`) and Express syntax
 * (`/items/:id`), and returns find-my-way's.
 *
 * @example
 * convertPath('/items/{id}') // { matcher: '/items/:id', wildcard: undefined, params: ['id'] }
 */
export function convertPath(path: string): ConvertedPath {
  if (!path.startsWith('/')) throw new WharfError('WHARF_ROUTE_INVALID_PATH', `"${path}" must start with "/"`)
  let wildcard: string | undefined
  const params: string[] = []
  const matcher = path.replace(BRACE, (_match, name: string, converter: string | undefined) => {
    params.push(name)
    if (converter === 'path') {
      wildcard = name
      return '*'
    }
    return `:${name}`
  })
  if (matcher.includes('{') || matcher.includes('}')) {
    throw new WharfError('WHARF_ROUTE_INVALID_PATH', `"${path}" has a malformed {parameter}`)
  }
  for (const [, name] of matcher.matchAll(/:([A-Za-z_$][\w$]*)/g)) params.push(name!)
  return { matcher, wildcard, params }
}

/** `/items/:id` → `/items/{id}`: the OpenAPI form of any accepted path. */
export function openapiPath(path: string): string {
  return path.replace(/\{([A-Za-z_$][\w$]*):path\}/g, '{$1}').replace(/:([A-Za-z_$][\w$]*)/g, '{$1}')
}

/** Joins a router prefix and a route path without doubling or losing the slash. */
export function joinPaths(prefix: string, path: string): string {
  if (!prefix) return path
  const base = prefix.endsWith('/') ? prefix.slice(0, -1) : prefix
  return path === '/' && base !== '' ? base : `${base}${path}`
}
