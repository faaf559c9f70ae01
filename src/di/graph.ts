import { WharfError } from '../errors.ts'
import type { AnySchema, FieldSchemas } from '../schema/types.ts'
import type { Dependency, DependencyParams } from './depends.ts'

const SOURCES = ['path', 'query', 'headers', 'cookies', 'form'] as const
type FieldSource = (typeof SOURCES)[number]

/** A route's parameters with its dependencies' merged in (dependencies first, as FastAPI orders them). */
export type MergedParams = { [S in FieldSource]?: FieldSchemas } & {
  bodies: { owner: Dependency | null; schema: AnySchema }[]
}

/**
 * Every dependency a route reaches, in resolution order (sub-dependencies before their dependants),
 * each once. A cycle is an error at build time, naming the chain.
 */
export function collectDependencies(roots: readonly Dependency<any, any>[], context: string): Dependency[] {
  const order: Dependency[] = []
  const done = new Set<Dependency>()
  const visiting: Dependency[] = []
  const visit = (dep: Dependency) => {
    if (done.has(dep)) return
    if (visiting.includes(dep)) {
      const chain = [...visiting.slice(visiting.indexOf(dep)), dep].map((d) => d.name).join(' → ')
      throw new WharfError('WHARF_DEPENDENCY_CYCLE', `${context}: dependency cycle ${chain}`)
    }
    visiting.push(dep)
    for (const sub of Object.values(dep.params.deps ?? {})) visit(sub as Dependency)
    visiting.pop()
    done.add(dep)
    order.push(dep)
  }
  for (const root of roots) visit(root)
  for (const dep of order) checkAppScope(dep, context)
  return order
}

/** An app-scoped dependency lives across requests, so it cannot read one or rely on request-scoped ones. */
function checkAppScope(dep: Dependency, context: string): void {
  if (dep.scope !== 'app') return
  const { deps, ...params } = dep.params
  if (Object.values(params).some((value) => value !== undefined)) {
    throw new WharfError(
      'WHARF_DEPENDENCY_SCOPE',
      `${context}: app-scoped dependency "${dep.name}" declares request parameters; an app-scoped value cannot depend on a request`,
    )
  }
  for (const sub of Object.values(deps ?? {}) as Dependency[]) {
    if (sub.scope !== 'app') {
      throw new WharfError(
        'WHARF_DEPENDENCY_SCOPE',
        `${context}: app-scoped dependency "${dep.name}" uses "${sub.name}", which is ${sub.scope}-scoped`,
      )
    }
  }
}

/** Merges the declared parameters of a route and all its dependencies, source by source. */
export function mergeParams(route: DependencyParams, dependencies: readonly Dependency[]): MergedParams {
  const merged: MergedParams = { bodies: [] }
  for (const source of SOURCES) {
    const fields: FieldSchemas = {}
    for (const dep of dependencies) Object.assign(fields, dep.params[source])
    Object.assign(fields, route[source])
    if (Object.keys(fields).length > 0) merged[source] = fields
  }
  if (route.body) merged.bodies.push({ owner: null, schema: route.body })
  for (const dep of dependencies)
    if (dep.params.body) merged.bodies.push({ owner: dep, schema: dep.params.body })
  return merged
}
