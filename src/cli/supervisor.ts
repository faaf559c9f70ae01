import type { Logger } from 'pino'
import { serveWorkerScrapes } from '../observability/cluster-metrics.ts'
import type { ListenSocket } from './listen-socket.ts'
import { FORCED_EXIT_CODE } from './signals.ts'
import { WorkerProcess } from './worker-process.ts'

/** A worker's first failed start is retried after this long, doubling per failure in a row… */
const FIRST_RETRY_MS = 100
/** …up to this. */
const MAX_RETRY_MS = 5_000
/** With no worker serving, this many failed starts in a row is a crash loop: the supervisor gives up. */
const GIVE_UP_AFTER = 5
/** A worker that has not reported ready by then (a lifespan stuck at startup) counts as failed. */
const READY_TIMEOUT_MS = 60_000
/** How long past the shutdown deadline the supervisor waits before killing workers that did not exit. */
const GRACE_AFTER_DEADLINE_MS = 5_000
/** What `wharf` exits with on a usage error (a worker found no app at the named export…). */
const USAGE_ERROR_CODE = 2

interface Slot {
  readonly index: number
  /** The worker serving (or starting to serve) in this slot. */
  current: WorkerProcess | undefined
  /** Its replacement, while a reload starts it. */
  next: WorkerProcess | undefined
  /** Failed starts in a row (reset when a worker of this slot reports ready). */
  failures: number
  retry: NodeJS.Timeout | undefined
}

/**
 * The primary of `wharf run --workers N`. It holds the listening socket (see `openListenSocket`) and
 * keeps N worker processes serving on it:
 *
 * - a worker that dies after it served is replaced at once; while every worker is down, connections
 *   wait in the socket's accept queue instead of being refused;
 * - a worker that fails to start is retried after 100 ms, doubling per failure in a row up to 5 s;
 *   when no worker is serving and starts failed 5 times in a row (or once with a usage error), the
 *   app crashes on start: that is logged with the worker's error and the supervisor exits 1 (or 2);
 * - SIGHUP reloads: slot by slot, a new worker (new code, same socket) starts and reports ready, then
 *   the old one drains; if the new code fails to start, the reload stops there, the old workers keep
 *   serving, and the error is logged;
 * - SIGTERM/SIGINT: every worker drains; exit 0 once all have (1 if one failed to); a second signal
 *   kills them and exits 130.
 *
 * @example
 * new Supervisor(await openListenSocket('0.0.0.0', 8000), { workers: 4, shutdownTimeout: 30_000 }, log).start()
 */
export class Supervisor {
  private readonly slots: Slot[] = []
  /** Replaced workers finishing their requests in flight. */
  private readonly draining = new Set<WorkerProcess>()
  private stopping = false
  private failedStops = 0
  private forcedStops = 0
  private reloading = false
  private reloadAgain = false

  constructor(
    private readonly socket: ListenSocket,
    private readonly settings: { workers: number; shutdownTimeout: number },
    private readonly log: Logger,
  ) {}

  start(): void {
    process.on('SIGTERM', this.onStopSignal)
    process.on('SIGINT', this.onStopSignal)
    process.on('SIGHUP', () => this.reload())
    const { workers } = this.settings
    this.log.info({ workers, port: this.socket.port }, `Started ${workers} workers`)
    for (let index = 0; index < workers; index++) {
      const slot: Slot = { index, current: undefined, next: undefined, failures: 0, retry: undefined }
      this.slots.push(slot)
      this.fork(slot)
    }
  }

  /** Starts a worker for `slot` and follows its exit. */
  private spawn(slot: Slot): WorkerProcess {
    const worker = new WorkerProcess(slot.index, this.socket.fd, READY_TIMEOUT_MS)
    // A worker asked for /metrics answers with every worker's, which only the supervisor can collect.
    serveWorkerScrapes(worker.child)
    worker.exited.then(({ code, signal }) => this.onExit(slot, worker, code, signal))
    worker.started.then((ready) => {
      if (!ready) return
      slot.failures = 0
      this.log.info({ workerPid: worker.pid, slot: slot.index }, `Worker ${worker.pid} ready`)
    })
    return worker
  }

  /** Starts the serving worker of `slot` (first start, or replacing one that died). */
  private fork(slot: Slot): void {
    slot.retry = undefined
    slot.current = this.spawn(slot)
  }

  private onExit(
    slot: Slot,
    worker: WorkerProcess,
    code: number | null,
    signal: NodeJS.Signals | null,
  ): void {
    const how = signal ?? `code ${code}`
    const wasDraining = this.draining.delete(worker)
    if (this.stopping) {
      if (slot.current === worker) slot.current = undefined
      if (slot.next === worker) slot.next = undefined
      this.stopped(code)
      return
    }
    if (wasDraining) {
      if (code !== 0)
        this.log.warn(
          { workerPid: worker.pid, code, signal },
          `Replaced worker ${worker.pid} exited with ${how}`,
        )
      return
    }
    // A reload's new worker that failed: `replace` reports it.
    if (slot.current !== worker) return
    slot.current = undefined
    if (slot.next !== undefined) return // a reload is replacing it already
    if (worker.ready) {
      // It served, so the app does start; the socket is held meanwhile: no reason to wait.
      this.log.error(
        { workerPid: worker.pid, code, signal },
        `Worker ${worker.pid} died (${how}); starting a new one`,
      )
      this.fork(slot)
    } else this.onStartFailure(slot, worker, code, signal)
  }

  private onStartFailure(
    slot: Slot,
    worker: WorkerProcess,
    code: number | null,
    signal: NodeJS.Signals | null,
  ): void {
    slot.failures++
    const error = worker.startError
    const why = firstLine(error) ?? signal ?? `exit code ${code}`
    const serving = this.slots.some((each) => each.current?.ready)
    if (!serving && (code === USAGE_ERROR_CODE || slot.failures >= GIVE_UP_AFTER)) {
      const attempts = `${slot.failures} failed start${slot.failures === 1 ? '' : 's'} in a row`
      this.log.fatal(
        { workerPid: worker.pid, code, signal, attempts: slot.failures, error },
        `The app crashes on start: ${why}. Gave up after ${attempts}, with no worker serving`,
      )
      this.killAll()
      process.exit(code === USAGE_ERROR_CODE ? USAGE_ERROR_CODE : 1)
    }
    const delay = Math.min(FIRST_RETRY_MS * 2 ** (slot.failures - 1), MAX_RETRY_MS)
    this.log.error(
      { workerPid: worker.pid, code, signal, attempt: slot.failures, restartIn: delay, error },
      `Worker ${worker.pid} failed to start: ${why}; retrying in ${delay} ms`,
    )
    slot.retry = setTimeout(() => {
      // A reload may have filled the slot meanwhile.
      if (slot.current === undefined) this.fork(slot)
    }, delay)
  }

  /** SIGHUP: replaces every worker, one at a time; a SIGHUP during a reload asks for one more after it. */
  reload(): void {
    if (this.stopping) return
    if (this.reloading) {
      this.reloadAgain = true
      this.log.info('Reload requested during a reload: another one follows it')
      return
    }
    this.reloading = true
    this.rollAll().finally(() => {
      this.reloading = false
      if (this.reloadAgain) {
        this.reloadAgain = false
        this.reload()
      }
    })
  }

  private async rollAll(): Promise<void> {
    this.log.info({ workers: this.slots.length }, 'Reloading: replacing the workers one at a time')
    for (const slot of this.slots) {
      if (this.stopping || !(await this.replace(slot))) return
    }
    this.log.info({ workers: this.slots.length }, 'Reload complete: every worker runs the new code')
  }

  /** Starts a new worker for `slot`; once it serves, the old one drains. False if it failed to start. */
  private async replace(slot: Slot): Promise<boolean> {
    const next = this.spawn(slot)
    slot.next = next
    const ready = await next.started
    if (this.stopping) return false
    slot.next = undefined
    if (!ready) {
      const { code, signal } = await next.exited
      this.log.error(
        { workerPid: next.pid, code, signal, error: next.startError },
        `Reload stopped: the new code failed to start (${firstLine(next.startError) ?? signal ?? `exit code ${code}`}); the old workers keep serving`,
      )
      // The slot's worker died meanwhile: back to the usual restarts (which load the same new code).
      if (slot.current === undefined && slot.retry === undefined)
        this.onStartFailure(slot, next, code, signal)
      return false
    }
    const old = slot.current
    slot.current = next
    clearTimeout(slot.retry)
    slot.retry = undefined
    if (old !== undefined) {
      this.draining.add(old)
      old.drain()
      this.log.info(
        { workerPid: old.pid, replacedBy: next.pid },
        `Worker ${old.pid} replaced by ${next.pid}: draining`,
      )
      // Until it closes its copy of the socket, the old worker can still accept a new connection and
      // answer it with the old code: the reload is not complete before that.
      await old.stoppedAccepting
    }
    return true
  }

  private readonly onStopSignal = (signal: NodeJS.Signals): void => {
    const alive = this.workers()
    if (this.stopping) {
      this.log.warn({ signal }, 'Second signal: killing workers')
      this.killAll()
      process.exit(FORCED_EXIT_CODE)
    }
    this.stopping = true
    // The workers close their copies as they stop accepting; once all are closed, the port is.
    this.socket.close()
    for (const slot of this.slots) clearTimeout(slot.retry)
    this.log.info(
      { signal, workers: alive.length },
      'Shutting down: asking workers to finish requests in flight',
    )
    if (alive.length === 0) process.exit(0)
    for (const worker of alive) worker.drain()
    setTimeout(() => {
      this.log.error('Workers did not stop in time: killing them')
      this.killAll()
      process.exit(1)
    }, this.settings.shutdownTimeout + GRACE_AFTER_DEADLINE_MS).unref()
  }

  /** A worker exited during shutdown; the last one ends the supervisor. */
  private stopped(code: number | null): void {
    // A second Ctrl-C reaches the workers too, and they may all be gone before this process handles
    // its own: a worker forced out (130) makes the supervisor's exit code 130 as well.
    if (code === FORCED_EXIT_CODE) this.forcedStops++
    // A worker whose own shutdown failed makes the whole stop a failure, as it would alone.
    else if (code !== 0) this.failedStops++
    if (this.workers().length > 0) return
    this.log.info({ failed: this.failedStops, forced: this.forcedStops }, 'All workers stopped')
    process.exit(this.forcedStops > 0 ? FORCED_EXIT_CODE : this.failedStops === 0 ? 0 : 1)
  }

  /** Every worker process still running: serving, starting, or draining. */
  private workers(): WorkerProcess[] {
    const all = [...this.draining]
    for (const slot of this.slots) {
      if (slot.current) all.push(slot.current)
      if (slot.next) all.push(slot.next)
    }
    return all.filter((worker) => worker.alive)
  }

  private killAll(): void {
    for (const worker of this.workers()) worker.kill()
  }
}

function firstLine(text: string | undefined): string | undefined {
  return text?.split('\n', 1)[0]
}
