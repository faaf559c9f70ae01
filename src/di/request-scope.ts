import type { Exchange } from '../exchange.ts'
import { DependencyView } from './dependency-view.ts'
import type { Dependency } from './depends.ts'
import { closeGenerator, type OpenGenerator } from './generators.ts'
import { type DependencyRuntime, pick } from './runtime.ts'

/** Validated inputs that belong to dependencies rather than to a request part the route declared. */
export interface DependencyInputs {
  /** Each dependency's own validated JSON body. */
  bodies: Map<Dependency, unknown>
  /** All declared form fields, validated. */
  form: Record<string, unknown> | undefined
}

/** An error on its way out, and whether there is one (`undefined` can be thrown too). */
export interface Outcome {
  failed: boolean
  error: unknown
}

/**
 * One request's dependency resolution: the per-request cache, and the generators waiting for their
 * teardown, by scope. Teardown runs in reverse order of setup.
 *
 * Resolution stays synchronous wherever the dependencies are (plain values, sync generators): each
 * `await` saved is a microtask hop on every request of a route with dependencies.
 */
export class DependencyResolution {
  private readonly cache = new Map<unknown, unknown>()
  private readonly functionScoped: OpenGenerator[] = []
  private readonly requestScoped: OpenGenerator[] = []

  constructor(
    private readonly exchange: Exchange,
    private readonly runtime: DependencyRuntime,
    private readonly inputs: DependencyInputs,
  ) {}

  /**
   * The value of `dep` for this request (resolved once unless declared `cache: false`); a promise
   * only when something on the way is asynchronous. May throw what the dependency throws.
   */
  resolve(dep: Dependency): unknown {
    if (dep.scope === 'app') return this.runtime.appValue(dep, (effective) => this.resolveDeps(effective))
    let fn = dep.fn
    let key: unknown = dep
    let effective = dep
    if (this.runtime.overrides.size > 0) ({ fn, key, dep: effective } = this.runtime.effective(dep))
    if (dep.cache && this.cache.has(key)) return this.cache.get(key)
    const deps = this.resolveDeps(effective)
    if (deps instanceof Promise) return deps.then((values) => this.create(dep, fn, key, effective, values))
    return this.create(dep, fn, key, effective, deps)
  }

  /** Runs the dependency's function with its view of the request, and caches what it provides. */
  private create(
    dep: Dependency,
    fn: (ctx: any) => unknown,
    key: unknown,
    effective: Dependency,
    deps: Record<string, unknown>,
  ): unknown {
    const opened = dep.scope === 'function' ? this.functionScoped : this.requestScoped
    const value = this.runtime.produce(fn, this.contextFor(effective, deps), dep.name, opened)
    if (!dep.cache) return value
    if (!(value instanceof Promise)) {
      this.cache.set(key, value)
      return value
    }
    return value.then((settled) => {
      this.cache.set(key, settled)
      return settled
    })
  }

  /** The values of `dep`'s sub-dependencies, resolved one after the other in declaration order. */
  private resolveDeps(dep: Dependency): Record<string, unknown> | Promise<Record<string, unknown>> {
    const values: Record<string, unknown> = {}
    const subs = dep.subDependencies
    for (let index = 0; index < subs.length; index++) {
      const [name, sub] = subs[index]!
      const value = this.resolve(sub)
      if (value instanceof Promise) return this.resolveRest(subs, index, value, values)
      values[name] = value
    }
    return values
  }

  /** The rest of `resolveDeps`, once one sub-dependency turned out asynchronous. */
  private async resolveRest(
    subs: Dependency['subDependencies'],
    from: number,
    pending: Promise<unknown>,
    values: Record<string, unknown>,
  ): Promise<Record<string, unknown>> {
    values[subs[from]![0]] = await pending
    for (let index = from + 1; index < subs.length; index++) {
      const [name, sub] = subs[index]!
      values[name] = await this.resolve(sub)
    }
    return values
  }

  /** The dependency's view of the request: its own params, the rest read through to the context. */
  private contextFor(dep: Dependency, deps: Record<string, unknown>): DependencyView {
    const { ctx } = this.exchange
    const { params, fieldNames } = dep
    const body = params.body
      ? this.inputs.bodies.get(dep)
      : params.form
        ? pick(this.inputs.form ?? {}, fieldNames.form)
        : undefined
    return new DependencyView(
      ctx,
      pick(ctx.path, fieldNames.path),
      pick(ctx.query, fieldNames.query),
      pick(ctx.headers, fieldNames.headers),
      pick(ctx.cookies, fieldNames.cookies),
      body,
      deps,
    )
  }

  /** True when `function`-scoped generators wait for `closeFunctionScope`. */
  get hasFunctionScoped(): boolean {
    return this.functionScoped.length > 0
  }

  /** Runs `function`-scoped teardowns; a teardown that throws a new error replaces the outcome. */
  async closeFunctionScope(outcome: Outcome): Promise<Outcome> {
    let current = outcome
    while (this.functionScoped.length > 0) {
      const open = this.functionScoped.pop()!
      try {
        const step = closeGenerator(open, current.error, current.failed)
        if (step instanceof Promise) await step
      } catch (error) {
        if (!(current.failed && error === current.error)) current = { failed: true, error }
      }
    }
    return current
  }

  /** Runs `request`-scoped teardowns after the response was sent; new errors are logged. */
  async closeRequestScope(outcome: Outcome): Promise<void> {
    while (this.requestScoped.length > 0) {
      const open = this.requestScoped.pop()!
      try {
        const step = closeGenerator(open, outcome.error, outcome.failed)
        if (step instanceof Promise) await step
      } catch (error) {
        if (outcome.failed && error === outcome.error) continue
        this.exchange.ctx.log.error({ err: error, dependency: open.name }, 'Teardown of a dependency failed')
      }
    }
  }

  get hasRequestScoped(): boolean {
    return this.requestScoped.length > 0
  }
}
