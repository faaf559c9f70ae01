/**
 * Cancelling a call without an EventTarget listener per call. Passing `ctx.signal` to undici adds and
 * removes an `abort` listener on it per call (and one on the body's `close`); undici also takes an
 * EventEmitter-like `signal` (`once`/`removeListener`), which is what `CallAbort` is, and the adapter
 * that owns a request's signal reports its abort through a hook (`REQUEST_ABORT`) instead.
 */

/**
 * What undici's `request()` accepts as `signal` besides an `AbortSignal` (it calls `once` and
 * `removeListener`). Usually one listener at a time (undici's during an attempt, a retry's wait between
 * attempts), so the first has a slot of its own.
 */
export class CallAbort {
  aborted = false
  reason: unknown = undefined
  private listener: (() => void) | undefined = undefined
  private others: (() => void)[] | undefined = undefined

  /** Aborts the call with `reason` (undici rejects with it); a no-op once aborted. */
  abort(reason: unknown): void {
    if (this.aborted) return
    this.aborted = true
    this.reason = reason
    const { listener, others } = this
    this.listener = undefined
    this.others = undefined
    listener?.()
    if (others) for (const other of others) other()
  }

  // The EventEmitter surface undici uses, for 'abort' only; listeners run once.
  once(_event: 'abort', listener: () => void): this {
    if (this.listener === undefined) this.listener = listener
    else (this.others ??= []).push(listener)
    return this
  }

  on(event: 'abort', listener: () => void): this {
    return this.once(event, listener)
  }

  removeListener(_event: 'abort', listener: () => void): this {
    if (this.listener === listener) this.listener = undefined
    else if (this.others) {
      const index = this.others.indexOf(listener)
      if (index !== -1) this.others.splice(index, 1)
    }
    return this
  }
}

/**
 * The hook by which an adapter that owns a request's signal (`ctx.signal` on node:http) tells this
 * client that it aborted, without an EventTarget listener: the adapter sets `signal[REQUEST_ABORT] =
 * null` when it creates the signal, and after aborting it calls `signal[REQUEST_ABORT]?.abort(reason)`.
 * The client puts its `Link` there on the first call. A registry symbol, because the adapter may not
 * import the client (ARCHITECTURE.md).
 */
export const REQUEST_ABORT = Symbol.for('wharfjs.requestAbort')

type Hooked = AbortSignal & { [REQUEST_ABORT]?: Link | null }

/** The calls in flight under one request's signal: most requests make one at a time. */
class Link {
  first: CallAbort | undefined = undefined
  more: Set<CallAbort> | undefined = undefined

  /** Called by the adapter once the signal is aborted. */
  abort(reason: unknown): void {
    const { first, more } = this
    this.first = undefined
    this.more = undefined
    first?.abort(reason)
    if (more) for (const call of more) call.abort(reason)
  }
}

/** Whether the adapter that made `signal` will report its abort through `REQUEST_ABORT`. */
export function isRequestScoped(signal: AbortSignal): boolean {
  return (signal as Hooked)[REQUEST_ABORT] !== undefined
}

/**
 * Makes a request-scoped `signal` abort `call` (at once if it already is); returns the function that
 * unlinks it.
 */
export function linkToRequest(signal: AbortSignal, call: CallAbort): () => void {
  if (signal.aborted) {
    call.abort(signal.reason)
    return () => {}
  }
  const hooked = signal as Hooked
  let link = hooked[REQUEST_ABORT]
  if (!link) {
    link = new Link()
    hooked[REQUEST_ABORT] = link
  }
  const linked = link
  if (linked.first === undefined) {
    linked.first = call
    return () => {
      if (linked.first === call) linked.first = undefined
    }
  }
  linked.more ??= new Set()
  linked.more.add(call)
  return () => linked.more?.delete(call)
}
