import type { QueryParams } from './options.ts'

/** Where a call goes, split the way undici's dispatcher wants it. */
export interface Target {
  /** `scheme://host:port`: the pool key. */
  origin: string
  /** Path and query string. */
  path: string
}

/** A parsed `baseUrl`: parsed once, so relative calls are joined by string concatenation only. */
export interface BaseUrl {
  origin: string
  /** The base path without its trailing slash (`''` for the root). */
  path: string
}

const ABSOLUTE = /^[a-z][a-z\d+.-]*:\/\//i

/** Parses `baseUrl` once; only http and https are accepted. */
export function parseBaseUrl(baseUrl: string | undefined): BaseUrl | undefined {
  if (baseUrl === undefined) return undefined
  const url = new URL(baseUrl)
  if (url.protocol !== 'http:' && url.protocol !== 'https:')
    throw new TypeError(`HttpClient: baseUrl must be http or https, got ${baseUrl}`)
  if (url.search || url.hash) throw new TypeError('HttpClient: baseUrl cannot have a query or a fragment')
  return { origin: url.origin, path: url.pathname.replace(/\/+$/, '') }
}

/**
 * Resolves a call's URL (absolute, or relative to `baseUrl` as httpx does: the base path is kept) and
 * appends `query`.
 */
export function resolveTarget(
  url: string | URL,
  base: BaseUrl | undefined,
  query: QueryParams | undefined,
): Target {
  let target: Target
  if (typeof url === 'string' && !ABSOLUTE.test(url)) {
    if (!base) throw new TypeError(`HttpClient: "${url}" is relative, and the client has no baseUrl`)
    target = { origin: base.origin, path: base.path + (url.startsWith('/') ? url : `/${url}`) }
  } else {
    const parsed = typeof url === 'string' ? new URL(url) : url
    if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:')
      throw new TypeError(`HttpClient: only http and https URLs are supported, got ${parsed.href}`)
    target = { origin: parsed.origin, path: parsed.pathname + parsed.search }
  }
  if (query) {
    const search = encodeQuery(query)
    if (search) target.path += (target.path.includes('?') ? '&' : '?') + search
  }
  return target
}

/** Query parameters as a query string: arrays repeat the key, `undefined`/`null` are left out. */
export function encodeQuery(query: QueryParams | URLSearchParams): string {
  if (query instanceof URLSearchParams) return query.toString()
  const params = new URLSearchParams()
  for (const [key, value] of Object.entries(query)) {
    if (value === undefined || value === null) continue
    if (Array.isArray(value)) for (const item of value) params.append(key, String(item))
    else params.append(key, String(value))
  }
  return params.toString()
}
