import type { Dependency } from '../di/depends.ts'

/**
 * The security a route's dependencies contribute (API keys, HTTP auth, OAuth2): their requirements for
 * the operation's `security`, each once, and their schemes for `components/securitySchemes`.
 *
 * @example
 * routeSecurity(reached, schemes) // [{ OAuth2PasswordBearer: [] }], and schemes.OAuth2PasswordBearer is set
 */
export function routeSecurity(
  reached: readonly Dependency[],
  schemes: Record<string, Record<string, unknown>>,
): Record<string, string[]>[] {
  const requirements: Record<string, string[]>[] = []
  const seen = new Set<string>()
  for (const dep of reached) {
    Object.assign(schemes, dep.openapi?.securitySchemes)
    for (const requirement of dep.openapi?.security ?? []) {
      const key = JSON.stringify(requirement)
      if (seen.has(key)) continue
      seen.add(key)
      requirements.push(requirement)
    }
  }
  return requirements
}
