import type { BackgroundTasks } from '../background.ts'
import type { Context, ResponseDraft } from '../context.ts'

/**
 * What a dependency function receives: its own validated params (`path`, `query`, `headers`,
 * `cookies`, `body`, `deps`) and everything else read through to the request's context. It keeps
 * no state of its own, so whatever a dependency sets (`state`, `response`, `background`) is the
 * request's, seen by the handler and the middleware.
 */
export class DependencyView {
  constructor(
    private readonly ctx: Context,
    readonly path: Record<string, unknown>,
    readonly query: Record<string, unknown>,
    readonly headers: Record<string, unknown>,
    readonly cookies: Record<string, unknown>,
    readonly body: unknown,
    readonly deps: Record<string, unknown>,
  ) {}

  get request() {
    return this.ctx.request
  }
  get app() {
    return this.ctx.app
  }
  get method(): string {
    return this.ctx.method
  }
  get pathname(): string {
    return this.ctx.pathname
  }
  get search(): string {
    return this.ctx.search
  }
  get route(): string | undefined {
    return this.ctx.route
  }
  get state(): Record<string, unknown> {
    return this.ctx.state
  }
  get response(): ResponseDraft {
    return this.ctx.response
  }
  get responseDraft(): ResponseDraft | undefined {
    return this.ctx.responseDraft
  }
  get signal(): AbortSignal {
    return this.ctx.signal
  }
  get log() {
    return this.ctx.log
  }
  get background(): BackgroundTasks {
    return this.ctx.background
  }
}
