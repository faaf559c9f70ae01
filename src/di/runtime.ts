import type { Logger } from 'pino'
import { WharfError } from '../errors.ts'
import type { Dependency } from './depends.ts'
import { closeGenerator, isGenerator, type OpenGenerator } from './generators.ts'

/** What replaces a dependency in tests: another dependency, or a plain function of the same context. */
export type DependencyOverride = Dependency<any, any> | ((ctx: any) => unknown)

/**
 * The app-wide side of dependency injection: overrides, app-scoped values and their teardown.
 *
 * @example
 * app.dependencyOverrides.set(database, () => fakeDatabase)
 */
export class DependencyRuntime {
  readonly overrides = new Map<Dependency<any, any>, DependencyOverride>()
  private readonly appValues = new Map<Dependency, Promise<unknown>>()
  private readonly appTeardowns: OpenGenerator[] = []

  constructor(private readonly host: { log: Logger; state: object }) {}

  /** The effective dependency after overrides, as a callable and its identity for caching. */
  effective(dep: Dependency): {
    fn: (ctx: any) => unknown
    key: Dependency | DependencyOverride
    dep: Dependency
  } {
    const override = this.overrides.get(dep) ?? (dep.original && this.overrides.get(dep.original))
    if (override === undefined) return { fn: dep.fn, key: dep, dep }
    if (typeof override === 'function') return { fn: override, key: override, dep }
    return { fn: override.fn, key: override, dep: override }
  }

  /**
   * Produces a dependency's value: the value itself, a promise's value, or a generator's first
   * `yield` (the generator then waits in `opened` for its teardown). Synchronous unless the function
   * or its generator is; may throw what the function throws.
   */
  produce(fn: (ctx: any) => unknown, ctx: unknown, name: string, opened: OpenGenerator[]): unknown {
    const output = fn(ctx)
    if (!isGenerator(output)) return output
    const step = output.next()
    if (step instanceof Promise) return step.then((settled) => yielded(settled, output, name, opened))
    return yielded(step, output, name, opened)
  }

  /** An app-scoped value: created once, on first use, shared by every request until shutdown. */
  appValue(
    dep: Dependency,
    resolveDeps: (effective: Dependency) => Record<string, unknown> | Promise<Record<string, unknown>>,
  ): Promise<unknown> {
    const { fn, key, dep: effective } = this.effective(dep)
    const cacheKey = key as Dependency
    let value = this.appValues.get(cacheKey)
    if (value === undefined) {
      // A turn first, so that a synchronous failure becomes this promise's rejection, like any other.
      value = Promise.resolve(effective)
        .then(resolveDeps)
        .then((deps) =>
          this.produce(
            fn,
            { app: this.host, log: this.host.log, state: this.host.state, deps },
            dep.name,
            this.appTeardowns,
          ),
        )
      // A failed creation is not cached: the next request tries again.
      value.catch(() => this.appValues.delete(cacheKey))
      this.appValues.set(cacheKey, value)
    }
    return value
  }

  /** Creates an app-scoped dependency (and its app-scoped sub-dependencies) now; used at startup. */
  warm(dep: Dependency): Promise<unknown> {
    return this.appValue(dep, async (effective) => {
      const values: Record<string, unknown> = {}
      for (const [name, sub] of Object.entries(effective.params.deps ?? {})) {
        values[name] = await this.warm(sub as Dependency)
      }
      return values
    })
  }

  /** Tears down app-scoped dependencies, last created first; errors are logged, never thrown. */
  async shutdown(): Promise<void> {
    while (this.appTeardowns.length > 0) {
      const open = this.appTeardowns.pop()!
      try {
        const step = closeGenerator(open, undefined, false)
        if (step instanceof Promise) await step
      } catch (error) {
        this.host.log.error(
          { err: error, dependency: open.name },
          'Teardown of an app-scoped dependency failed',
        )
      }
    }
    this.appValues.clear()
  }
}

/** The value a generator dependency yielded first; it then waits in `opened` for its teardown. */
function yielded(
  step: IteratorResult<unknown, unknown>,
  generator: AsyncGenerator<unknown, unknown, unknown> | Generator<unknown, unknown, unknown>,
  name: string,
  opened: OpenGenerator[],
): unknown {
  if (step.done) {
    throw new WharfError(
      'WHARF_DEPENDENCY_NO_YIELD',
      `dependency "${name}" returned without yielding a value`,
    )
  }
  opened.push({ generator, name })
  return step.value
}

/** Picks the declared fields of one dependency out of the route's merged, validated values. */
export function pick(values: unknown, names: readonly string[]): Record<string, unknown> {
  const source = values as Record<string, unknown>
  const out: Record<string, unknown> = {}
  for (const name of names) if (source[name] !== undefined) out[name] = source[name]
  return out
}
