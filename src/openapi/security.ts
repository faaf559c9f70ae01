import type { Dependency } from '../di/depends.ts'

/**
 * The security a route's dependencies contribute (API keys, HTTP auth, OAuth2): their requirements for
 * the operation's `security`, each once, and their schemes for `components/securitySchemes`.
 *
 * @example
 * routeSecurity(reached, schemes) // [{ OAuth2PasswordBearer: [] }], and schemes.OAuth2PasswordBearer is set
 * // with only `autoError: false` schemes: [{}, { HTTPBearer: [] }] (anonymous access allowed)
 */
export function routeSecurity(
  reached: readonly Dependency[],
  schemes: Record<string, Record<string, unknown>>,
): Record<string, string[]>[] {
  const requirements: Record<string, string[]>[] = []
  const seen = new Set<string>()
  // `{}` (anonymous access) stays only when every scheme is optional (`autoError: false`): one
  // required scheme makes the route require authentication.
  let optional: boolean | undefined
  for (const dep of reached) {
    Object.assign(schemes, dep.openapi?.securitySchemes)
    const own = dep.openapi?.security ?? []
    if (own.length === 0) continue
    optional = (optional ?? true) && own.some((requirement) => Object.keys(requirement).length === 0)
    for (const requirement of own) {
      const key = JSON.stringify(requirement)
      if (Object.keys(requirement).length === 0 || seen.has(key)) continue
      seen.add(key)
      requirements.push(requirement)
    }
  }
  return optional ? [{}, ...requirements] : requirements
}
