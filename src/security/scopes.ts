import { Dependency } from '../di/depends.ts'

/**
 * The OAuth2 scopes required of a dependency, gathered along the `Security(…)` declarations from the
 * route down (FastAPI's `SecurityScopes`).
 *
 * @example
 * const missing = required.scopes.filter((scope) => !token.scopes.includes(scope))
 */
export interface RequiredScopes {
  /** The scopes, outermost declaration first, each once. */
  readonly scopes: readonly string[]
  /** The same, space-separated, as OAuth2 writes them (`WWW-Authenticate: Bearer scope="…"`). */
  readonly scopeStr: string
}

const requiredScopes = (scopes: readonly string[]): RequiredScopes =>
  Object.freeze({ scopes: Object.freeze([...scopes]), scopeStr: scopes.join(' ') })

/**
 * Put it in a dependency's `deps` to learn which scopes the route requires of it (FastAPI's
 * `security_scopes: SecurityScopes` parameter). Empty unless reached through `Security(…, { scopes })`.
 *
 * @example
 * const currentUser = Depends({ deps: { token: oauth2, required: SecurityScopes } }, ({ deps }) =>
 *   userWithScopes(deps.token, deps.required.scopes))
 */
export const SecurityScopes: Dependency<RequiredScopes, {}> = new Dependency({}, () => requiredScopes([]), {
  name: 'SecurityScopes',
})

/** What `Security()` made: the dependency it wraps and the scopes it adds. */
const declared = new WeakMap<Dependency<any, any>, { base: Dependency<any, any>; own: readonly string[] }>()
/** Built dependencies per base and scope list: the same requirement is one dependency, resolved once. */
const built = new WeakMap<Dependency<any, any>, Map<string, Dependency<any, any>>>()
const reachesScopes = new WeakMap<Dependency<any, any>, boolean>()

const unique = (scopes: readonly string[]) => [...new Set(scopes)]
const takesScopes = (type: unknown) => type === 'oauth2' || type === 'openIdConnect'

/** True when scopes matter below `dep`: it reads `SecurityScopes` or documents an OAuth2/OpenID scheme. */
function scoped(dep: Dependency<any, any>): boolean {
  const known = reachesScopes.get(dep)
  if (known !== undefined) return known
  reachesScopes.set(dep, false) // a cycle is reported by the app build, not here
  const own =
    dep === SecurityScopes ||
    declared.has(dep) ||
    Object.values(dep.openapi?.securitySchemes ?? {}).some((scheme) => takesScopes(scheme.type))
  const result = own || Object.values(dep.params.deps ?? {}).some((sub) => scoped(sub as Dependency))
  reachesScopes.set(dep, result)
  return result
}

/** `dep` as seen under a route requiring `scopes`: sub-dependencies that care rebuilt with them. */
function build(dep: Dependency<any, any>, scopes: readonly string[]): Dependency<any, any> {
  if (dep === SecurityScopes)
    return cached(
      dep,
      scopes,
      () => new Dependency({}, () => requiredScopes(scopes), { name: 'SecurityScopes' }),
    )
  const wrapped = declared.get(dep)
  if (wrapped) return build(wrapped.base, unique([...scopes, ...wrapped.own]))
  if (!scoped(dep)) return dep // unrelated dependencies keep their identity (and their per-request cache)
  return cached(dep, scopes, () => {
    const subs = dep.params.deps as Record<string, Dependency<any, any>> | undefined
    const deps =
      subs && Object.fromEntries(Object.entries(subs).map(([name, sub]) => [name, build(sub, scopes)]))
    const schemes = dep.openapi?.securitySchemes ?? {}
    const openapi = dep.openapi?.security && {
      ...dep.openapi,
      security: dep.openapi.security.map((requirement) =>
        Object.fromEntries(
          Object.entries(requirement).map(([name, own]) => [
            name,
            takesScopes(schemes[name]?.type) ? unique([...scopes, ...own]) : own,
          ]),
        ),
      ),
    }
    return new Dependency(deps ? { ...dep.params, deps } : dep.params, dep.fn, {
      scope: dep.scope,
      cache: dep.cache,
      startup: dep.startup,
      name: dep.name,
      ...(openapi ? { openapi } : dep.openapi ? { openapi: dep.openapi } : {}),
      original: dep.original ?? dep,
    })
  })
}

function cached(dep: Dependency<any, any>, scopes: readonly string[], make: () => Dependency<any, any>) {
  let byScopes = built.get(dep)
  if (byScopes === undefined) built.set(dep, (byScopes = new Map()))
  const key = JSON.stringify(scopes)
  let result = byScopes.get(key)
  if (result === undefined) byScopes.set(key, (result = make()))
  return result
}

/**
 * A dependency that requires OAuth2 scopes (FastAPI's `Security(dep, scopes=[...])`): they are added
 * to the scopes of the `Security(…)` declarations above it, handed to every `SecurityScopes` below it,
 * and listed in the operation's OpenAPI `security` requirement. Overrides of `dep` still apply.
 *
 * @example
 * const activeUser = Depends({ deps: { user: Security(currentUser, { scopes: ['me'] }) } }, ({ deps }) => deps.user)
 * app.get('/users/me/items', { deps: { user: Security(activeUser, { scopes: ['items'] }) } }, ({ deps }) => deps.user.items)
 */
export function Security<D extends Dependency<any, any>>(
  dep: D,
  options: { scopes?: readonly string[] } = {},
): D {
  const earlier = declared.get(dep)
  const record = earlier
    ? { base: earlier.base, own: unique([...earlier.own, ...(options.scopes ?? [])]) }
    : { base: dep, own: unique(options.scopes ?? []) }
  const result = build(record.base, record.own)
  // Remembered so that, used below another `Security(…)`, it is rebuilt with the scopes from above.
  if (result !== record.base && !declared.has(result)) declared.set(result, record)
  return result as D
}
