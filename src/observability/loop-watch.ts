import { createHook } from 'node:async_hooks'
import { performance } from 'node:perf_hooks'
import type { Context } from '../context.ts'
import { currentRequest } from './request-scope.ts'

/** One stretch of time the event loop could not run anything else. */
export interface LoopBlock {
  /** How long, in ms. */
  durationMs: number
  /** `performance.now()` when it started and ended. */
  startedAt: number
  endedAt: number
  /**
   * The request whose code ran, when it is known: with precise attribution on, the request the
   * blocking callback belonged to (undefined: code outside any request, a timer, startup…).
   */
  request: Context | undefined
  /** True when `request` was measured (precise attribution); false when only the timer saw the block. */
  attributed: boolean
}

type BlockListener = (block: LoopBlock) => void

/** After a block seen by the timer alone, callbacks are timed for this long to name the culprit next time. */
const PRECISE_AFTER_BLOCK_MS = 60_000

/**
 * Watches the event loop for blocks, process-wide. Two detectors:
 * - a timer checks how late it fires: always on while someone listens, and nearly free;
 * - precise attribution: every callback the loop runs is timed (async_hooks `before`/`after`, promise
 *   continuations included), and one longer than the threshold is reported with the request it
 *   belongs to. It costs about a microsecond per request, so it is on either when asked for
 *   (`wharf dev`) or for a minute after the timer saw a block while requests were running.
 */
class LoopWatch {
  private readonly listeners = new Map<BlockListener, number>()
  private threshold = Number.POSITIVE_INFINITY
  private depth = 0
  private segmentStart = 0
  /** The end of the last block reported, so the timer does not report it twice. */
  private reportedUntil = 0
  private timer: NodeJS.Timeout | undefined = undefined
  private lastTick = 0
  /** The event loop's utilization counters at the last tick. */
  private lastUtilization = performance.eventLoopUtilization()
  private interval = 0
  private alwaysPrecise = 0
  private preciseUntil = 0
  private hooked = false
  /** The latest block, while requests that waited behind it may still be arriving. */
  recent: LoopBlock | undefined = undefined
  private generation = 0

  private readonly hook = createHook({
    before: () => {
      if (this.depth++ === 0) this.segmentStart = performance.now()
    },
    after: () => {
      // 0: the callback began before the hook was enabled (its start is unknown).
      if (this.depth === 0 || --this.depth > 0) return
      const ended = performance.now()
      const duration = ended - this.segmentStart
      if (duration >= this.threshold) {
        const block = { durationMs: duration, startedAt: this.segmentStart, endedAt: ended }
        this.found({ ...block, request: currentRequest(), attributed: true })
      }
    },
  })

  /** Starts reporting blocks of at least `threshold` ms to `listener`; `precise`: time every callback. */
  add(listener: BlockListener, threshold: number, precise: boolean): () => void {
    this.listeners.set(listener, threshold)
    if (precise) this.alwaysPrecise++
    this.configure()
    return () => {
      if (!this.listeners.delete(listener)) return
      if (precise) this.alwaysPrecise--
      this.configure()
    }
  }

  private configure(): void {
    this.threshold = Math.min(...this.listeners.values())
    clearInterval(this.timer)
    this.timer = undefined
    this.updateHook()
    if (this.listeners.size === 0) return
    // Often enough that a block is seen soon after it ends; a tick costs a few microseconds.
    this.interval = Math.max(10, Math.min(100, this.threshold / 2))
    this.lastTick = performance.now()
    this.lastUtilization = performance.eventLoopUtilization()
    this.timer = setInterval(() => this.tick(), this.interval).unref()
  }

  /**
   * Times every callback for a minute: called after a block the timer saw while requests were
   * running, to name the culprit next time (blocks tend to come back with the same route).
   */
  preciseForAWhile(): void {
    this.preciseUntil = performance.now() + PRECISE_AFTER_BLOCK_MS
    this.updateHook()
  }

  private updateHook(): void {
    const wanted =
      this.listeners.size > 0 && (this.alwaysPrecise > 0 || performance.now() < this.preciseUntil)
    if (wanted === this.hooked) return
    this.hooked = wanted
    this.depth = 0
    if (wanted) this.hook.enable()
    else this.hook.disable()
  }

  private tick(): void {
    const now = performance.now()
    const previousTick = this.lastTick
    const expectedAt = previousTick + this.interval
    const late = now - expectedAt
    const utilization = performance.eventLoopUtilization()
    const activeMs = performance.eventLoopUtilization(utilization, this.lastUtilization).active
    this.lastTick = now
    this.lastUtilization = utilization
    // A late timer while the loop sat idle in its poll was starved of CPU (a busy machine, a throttled
    // container, a suspended VM), not blocked: not reported. Blocking code, CPU-bound or a sync call
    // waiting on a disk or a child process, keeps the loop active.
    const blocked = activeMs >= this.threshold / 2
    // A block the precise detector reported since the previous tick explains the lateness.
    if (late >= this.threshold && blocked && this.reportedUntil <= previousTick) {
      this.found({
        durationMs: late,
        startedAt: expectedAt,
        endedAt: now,
        request: undefined,
        attributed: false,
      })
    }
    this.updateHook()
  }

  private found(block: LoopBlock): void {
    this.reportedUntil = block.endedAt
    this.recent = block
    // Requests read in the next two turns of the loop arrived while it was blocked; later ones did not.
    const generation = ++this.generation
    setImmediate(() =>
      setImmediate(() => {
        if (this.generation === generation) this.recent = undefined
      }),
    )
    // Listeners log: not from inside an async hook, where starting I/O is unsafe.
    setImmediate(() => {
      for (const [listener, threshold] of this.listeners) if (block.durationMs >= threshold) listener(block)
    })
  }
}

/** The process's one watch. */
export const loopWatch = new LoopWatch()

/**
 * How long a request read at `receivedAt` (a `performance.now()` time) may have waited for a blocked
 * loop before it could be read, in ms: from the start of a block that just ended, as an upper bound
 * (the kernel does not say when its bytes arrived); 0 when no block was detected just before.
 *
 * @example
 * queuedFor(performance.now()) // 0, or 480 right after a 480 ms block
 */
export function queuedFor(receivedAt: number): number {
  const recent = loopWatch.recent
  if (recent === undefined || receivedAt < recent.endedAt) return 0
  return receivedAt - recent.startedAt
}
