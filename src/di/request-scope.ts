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

const names = (fields: object | undefined): string[] => (fields ? Object.keys(fields) : [])

/**
 * One request's dependency resolution: the per-request cache, and the generators waiting for their
 * teardown, by scope. Teardown runs in reverse order of setup.
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

  /** The value of `dep` for this request (resolved once unless declared `cache: false`). */
  async resolve(dep: Dependency): Promise<unknown> {
    if (dep.scope === 'app') return this.runtime.appValue(dep, (effective) => this.resolveDeps(effective))
    const { fn, key, dep: effective } = this.runtime.effective(dep)
    if (dep.cache && this.cache.has(key)) return this.cache.get(key)
    const deps = await this.resolveDeps(effective)
    const opened = dep.scope === 'function' ? this.functionScoped : this.requestScoped
    const value = await this.runtime.produce(fn, this.contextFor(effective, deps), dep.name, opened)
    if (dep.cache) this.cache.set(key, value)
    return value
  }

  private async resolveDeps(dep: Dependency): Promise<Record<string, unknown>> {
    const values: Record<string, unknown> = {}
    for (const [name, sub] of Object.entries(dep.params.deps ?? {}))
      values[name] = await this.resolve(sub as Dependency)
    return values
  }

  /** The dependency's view of the request: its own params, the rest read through to the context. */
  private contextFor(dep: Dependency, deps: Record<string, unknown>): DependencyView {
    const { ctx } = this.exchange
    const { params } = dep
    const body = params.body
      ? this.inputs.bodies.get(dep)
      : params.form
        ? pick(this.inputs.form ?? {}, names(params.form))
        : undefined
    return new DependencyView(
      ctx,
      pick(ctx.path, names(params.path)),
      pick(ctx.query, names(params.query)),
      pick(ctx.headers, names(params.headers)),
      pick(ctx.cookies, names(params.cookies)),
      body,
      deps,
    )
  }

  /** Runs `function`-scoped teardowns; a teardown that throws a new error replaces the outcome. */
  async closeFunctionScope(outcome: Outcome): Promise<Outcome> {
    let current = outcome
    while (this.functionScoped.length > 0) {
      const open = this.functionScoped.pop()!
      try {
        await closeGenerator(open, current.error, current.failed)
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
        await closeGenerator(open, outcome.error, outcome.failed)
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
