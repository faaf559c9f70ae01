import type { Logger } from 'pino'
import type { Dependency } from './di/depends.ts'
import type { DependencyRuntime } from './di/runtime.ts'

/** A lifespan bound to its app: runs to its `yield` at startup, to its end at shutdown. */
export type StartedLifespan = () => AsyncGenerator<unknown, unknown, unknown>

/**
 * An app's life around serving: startup (lifespans in order, then `startup: true` dependencies), the
 * work that runs after responses (teardown, background tasks), and shutdown (that work drained within
 * a deadline, lifespans closed in reverse, app-scoped dependencies torn down). Errors during shutdown
 * are logged so every step gets its turn.
 */
export class Lifecycle {
  private phase: 'idle' | 'starting' | 'started' | 'stopped' = 'idle'
  private readonly openLifespans: AsyncGenerator<unknown, unknown, unknown>[] = []
  /** Requests whose after-response work is still running; shutdown waits for it to reach 0. */
  private pendingAfterResponse = 0
  /** Called once when the count next reaches 0 (shutdown's drain, `settled()` callers). */
  private idleWaiters: (() => void)[] = []

  constructor(
    private readonly log: Logger,
    private readonly runtime: DependencyRuntime,
  ) {}

  /** True until `startup` was called once. */
  get idle(): boolean {
    return this.phase === 'idle'
  }

  /** True once startup completed (and until shutdown). */
  get started(): boolean {
    return this.phase === 'started'
  }

  /**
   * Keeps track of one request's after-response work (teardown, background tasks), so shutdown can
   * wait for it. Each of those logs its own failures; anything else is logged here. No allocation per
   * request beyond the promise's own reaction: this runs for every request with a teardown.
   */
  track(running: Promise<void>): void {
    this.pendingAfterResponse++
    running.then(this.oneSettled, this.oneFailed)
  }

  private readonly oneSettled = (): void => {
    if (--this.pendingAfterResponse > 0 || this.idleWaiters.length === 0) return
    const waiters = this.idleWaiters
    this.idleWaiters = []
    for (const wake of waiters) wake()
  }

  private readonly oneFailed = (error: unknown): void => {
    this.log.error({ err: error }, 'Work after the response failed')
    this.oneSettled()
  }

  /** Resolves the next time no after-response work is pending (at once when none is). */
  private whenIdle(): Promise<void> {
    if (this.pendingAfterResponse === 0) return Promise.resolve()
    return new Promise<void>((resolve) => this.idleWaiters.push(resolve))
  }

  /**
   * Resolves once no request's after-response work (teardown, background tasks) is pending, work that
   * starts meanwhile included. For adapters whose platform freezes the process after each answer.
   */
  async settled(): Promise<void> {
    // A turn first: work of a response that just ended is tracked in the pipeline's next microtasks.
    await new Promise<void>((resolve) => setImmediate(resolve))
    await this.whenIdle()
  }

  /** Starts the lifespans, then creates the eager dependencies; on failure, shuts down and throws. */
  async startup(
    lifespans: readonly StartedLifespan[],
    eager: readonly Dependency[],
    timeout: number,
  ): Promise<void> {
    if (this.phase !== 'idle') return
    this.phase = 'starting'
    try {
      for (const lifespan of lifespans) {
        const running = lifespan()
        await running.next()
        this.openLifespans.push(running)
      }
      for (const dep of eager) await this.runtime.warm(dep)
    } catch (error) {
      await this.shutdown(timeout)
      throw error
    }
    this.phase = 'started'
  }

  /** Drains pending after-response work (bounded by `timeout` ms), closes lifespans, tears down. */
  async shutdown(timeout: number): Promise<void> {
    if (this.phase === 'stopped') return
    this.phase = 'stopped'
    await this.drainAfterResponseWork(timeout)
    while (this.openLifespans.length > 0) {
      const running = this.openLifespans.pop()!
      await running
        .next()
        .catch((error) => this.log.error({ err: error }, 'A lifespan failed during shutdown'))
    }
    await this.runtime.shutdown()
  }

  private async drainAfterResponseWork(timeout: number): Promise<void> {
    if (this.pendingAfterResponse === 0) return
    let timer: NodeJS.Timeout | undefined
    const expired = new Promise<'expired'>((resolve) => {
      timer = setTimeout(() => resolve('expired'), timeout)
    })
    // Work that starts while draining (a request finishing now) is waited for too: the count only
    // reaches 0 when all of it is over.
    const idle = this.whenIdle().then(() => 'idle' as const)
    const outcome = await Promise.race([idle, expired])
    clearTimeout(timer)
    if (outcome === 'expired') {
      this.log.warn({ pending: this.pendingAfterResponse }, 'Shutdown stopped waiting for background tasks')
    }
  }
}
