import type { Logger } from 'pino'

/** Exit code when a second signal cuts a graceful shutdown short (128 + SIGINT's number, as shells report). */
export const FORCED_EXIT_CODE = 130

/**
 * Runs `shutdown` on the first SIGTERM or SIGINT (or when `trigger()` is called, e.g. on a message from
 * a supervisor), then exits 0, or 1 if it failed. A second *signal* exits at once with code 130.
 *
 * Only signals count towards "second": a worker stopped through its process group (systemd's default,
 * Ctrl-C, `kill -TERM -PGID`) receives both the signal and its supervisor's request, in either order,
 * and both are the echo of one stop the user asked for once.
 *
 * @example
 * const trigger = onShutdownSignals(log, () => server.close())
 * process.on('disconnect', trigger) // the supervisor went away
 */
export function onShutdownSignals(log: Logger, shutdown: () => Promise<void>): (reason?: string) => void {
  let stopping = false
  let signalled = false
  const begin = (reason = 'request') => {
    if (stopping) return
    stopping = true
    // Called first: its synchronous part stops accepting, so once this line is out, new connections
    // are refused (a client connecting in between would be accepted, then reset).
    const done = shutdown()
    log.info({ reason }, 'Shutting down: finishing requests in flight')
    done.then(
      () => {
        log.info('Shutdown complete')
        process.exit(0)
      },
      (error) => {
        log.error({ err: error }, 'Shutdown failed')
        process.exit(1)
      },
    )
  }
  const onSignal = (signal: NodeJS.Signals) => {
    if (signalled) {
      log.warn({ signal }, 'Second signal: exiting now')
      process.exit(FORCED_EXIT_CODE)
    }
    signalled = true
    begin(signal)
  }
  process.on('SIGTERM', onSignal)
  process.on('SIGINT', onSignal)
  return begin
}
