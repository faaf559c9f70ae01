import { TimeoutError } from './errors.ts'

/**
 * The signal a call sends with: the caller's own signal, and the `total` deadline if there is one.
 * Without a deadline the caller's signal is used as is (no controller, no timer: the common fast path).
 */
export class CallSignal {
  readonly signal: AbortSignal | undefined
  private timer: NodeJS.Timeout | undefined
  private readonly forward: (() => void) | undefined
  private readonly startedAt: number

  constructor(
    private readonly userSignal: AbortSignal | undefined,
    private readonly total: number | undefined,
    method: string,
    url: string,
  ) {
    this.startedAt = total === undefined ? 0 : performance.now()
    if (total === undefined) {
      this.signal = userSignal
      return
    }
    const controller = new AbortController()
    this.signal = controller.signal
    this.timer = setTimeout(() => controller.abort(new TimeoutError(method, url, 'total', total)), total)
    if (userSignal?.aborted) controller.abort(userSignal.reason)
    else if (userSignal) {
      this.forward = () => controller.abort(userSignal.reason)
      userSignal.addEventListener('abort', this.forward, { once: true })
    }
  }

  /** True once the deadline or the caller's signal has fired. */
  get aborted(): boolean {
    return this.signal?.aborted ?? false
  }

  /** The time left before the deadline in ms (Infinity without one). */
  remaining(): number {
    return this.total === undefined ? Infinity : this.total - (performance.now() - this.startedAt)
  }

  /** Stops the deadline (for a stream, once its headers are in) but keeps the caller's signal linked. */
  stopDeadline(): void {
    if (this.timer !== undefined) clearTimeout(this.timer)
    this.timer = undefined
  }

  /** Unlinks everything: the call is over. */
  release(): void {
    this.stopDeadline()
    if (this.forward) this.userSignal!.removeEventListener('abort', this.forward)
  }
}
