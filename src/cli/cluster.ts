import cluster, { type Worker } from 'node:cluster'
import type { Logger } from 'pino'
import { FORCED_EXIT_CODE } from './signals.ts'
import { SHUTDOWN_MESSAGE } from './supervisor-channel.ts'

/** A worker that lived this long before crashing was healthy: its slot's backoff starts over. */
const HEALTHY_AFTER_MS = 10_000
const FIRST_BACKOFF_MS = 100
const MAX_BACKOFF_MS = 10_000
/** How long past the shutdown deadline the primary waits before killing workers that did not exit. */
const GRACE_AFTER_DEADLINE_MS = 5_000
/** What `wharf` exits with on a usage error. */
const USAGE_ERROR_CODE = 2

interface Slot {
  worker: Worker | undefined
  startedAt: number
  crashes: number
}

/**
 * The cluster primary of `wharf run --workers N`: forks N workers (each runs the same command and
 * serves the app; the primary shares the listening socket among them), restarts a crashed worker with
 * exponential backoff (100 ms doubling to 10 s; reset after 10 s of health), logging each event.
 * On SIGTERM/SIGINT it asks every worker to shut down gracefully, waits for them, and exits 0;
 * a second signal kills them and exits at once.
 *
 * @example
 * if (cluster.isPrimary && settings.workers > 1) superviseWorkers(settings.workers, settings.shutdownTimeout, log)
 */
export function superviseWorkers(count: number, shutdownTimeout: number, log: Logger): void {
  const slots: Slot[] = []
  let stopping = false
  let failedStops = 0

  const fork = (index: number) => {
    const slot = slots[index]!
    const worker = cluster.fork({ WHARF_WORKER_SLOT: String(index) })
    slot.worker = worker
    slot.startedAt = Date.now()
    worker.on('exit', (code, signal) => onExit(index, worker, code, signal))
  }

  const onExit = (index: number, worker: Worker, code: number | null, signal: string | null) => {
    const slot = slots[index]!
    if (slot.worker !== worker) return
    slot.worker = undefined
    if (stopping) {
      // A worker whose own shutdown failed (exit 1) makes the whole stop a failure, as it would alone.
      if (code !== 0) failedStops++
      if (slots.every((each) => each.worker === undefined)) {
        log.info({ failed: failedStops }, 'All workers stopped')
        process.exit(failedStops === 0 ? 0 : 1)
      }
      return
    }
    if (code === USAGE_ERROR_CODE) {
      // The command line is wrong (no app at that export…): every restart would fail the same way.
      log.fatal(
        { workerPid: worker.process.pid },
        'A worker could not start the app (see the error above); stopping',
      )
      for (const each of slots) each.worker?.process.kill('SIGKILL')
      process.exit(USAGE_ERROR_CODE)
    }
    slot.crashes = Date.now() - slot.startedAt >= HEALTHY_AFTER_MS ? 1 : slot.crashes + 1
    const delay = Math.min(FIRST_BACKOFF_MS * 2 ** (slot.crashes - 1), MAX_BACKOFF_MS)
    log.error(
      { workerPid: worker.process.pid, code, signal, restartIn: delay },
      `Worker ${worker.process.pid} died (${signal ?? `code ${code}`}); restarting in ${delay} ms`,
    )
    setTimeout(() => {
      if (!stopping) fork(index)
    }, delay)
  }

  const onSignal = (signal: NodeJS.Signals) => {
    const alive = slots.flatMap((slot) => (slot.worker ? [slot.worker] : []))
    if (stopping) {
      log.warn({ signal }, 'Second signal: killing workers')
      for (const worker of alive) worker.process.kill('SIGKILL')
      process.exit(FORCED_EXIT_CODE)
    }
    stopping = true
    log.info({ signal, workers: alive.length }, 'Shutting down: asking workers to finish requests in flight')
    if (alive.length === 0) process.exit(0)
    for (const worker of alive) {
      if (worker.isConnected()) worker.send(SHUTDOWN_MESSAGE)
      else worker.process.kill('SIGTERM')
    }
    setTimeout(() => {
      log.error('Workers did not stop in time: killing them')
      for (const worker of alive) worker.process.kill('SIGKILL')
      process.exit(1)
    }, shutdownTimeout + GRACE_AFTER_DEADLINE_MS).unref()
  }

  process.on('SIGTERM', onSignal)
  process.on('SIGINT', onSignal)
  cluster.on('listening', (worker, address) => {
    log.info({ workerPid: worker.process.pid, port: address.port }, `Worker ${worker.process.pid} listening`)
  })
  for (let index = 0; index < count; index++) {
    slots.push({ worker: undefined, startedAt: 0, crashes: 0 })
    fork(index)
  }
  // Every line already carries the primary's `pid` (pino's base): a worker's is `workerPid`.
  log.info({ workers: count }, `Started ${count} workers`)
}
