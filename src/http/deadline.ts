import { CallAbort, isRequestScoped, linkToRequest } from './call-abort.ts'
import { TimeoutError } from './errors.ts'

/**
 * The signal a call sends with: the caller's own signal, and the `total` deadline if there is one.
 * A caller's signal that is not request-scoped, without a deadline, is handed to undici as is (undici
 * links and unlinks it); otherwise undici gets a `CallAbort` that the deadline's timer and the caller's
 * signal abort.
 */
export class CallSignal {
  /** What undici is given as `signal`. */
  readonly signal: AbortSignal | CallAbort | undefined
  private timer: NodeJS.Timeout | undefined
  private unlink: (() => void) | undefined
  private readonly startedAt: number

  constructor(
    userSignal: AbortSignal | undefined,
    private readonly total: number | undefined,
    method: string,
    url: string,
  ) {
    this.startedAt = total === undefined ? 0 : performance.now()
    const scoped = userSignal !== undefined && isRequestScoped(userSignal)
    if (total === undefined && !scoped) {
      this.signal = userSignal
      return
    }
    const call = new CallAbort()
    this.signal = call
    if (total !== undefined)
      this.timer = setTimeout(() => call.abort(new TimeoutError(method, url, 'total', total)), total)
    if (userSignal === undefined) return
    if (scoped) this.unlink = linkToRequest(userSignal, call)
    else if (userSignal.aborted) call.abort(userSignal.reason)
    else {
      const forward = () => call.abort(userSignal.reason)
      userSignal.addEventListener('abort', forward, { once: true })
      this.unlink = () => userSignal.removeEventListener('abort', forward)
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
    const unlink = this.unlink
    this.unlink = undefined
    unlink?.()
  }
}
