/** The IPC message a supervisor (cluster primary, dev reloader) sends to ask a server to shut down gracefully. */
export const SHUTDOWN_MESSAGE = { wharf: 'shutdown' } as const

/** The file descriptor on which a worker of `wharf run --workers N` finds the supervisor's listening socket. */
export const WORKER_FD = 4

/**
 * What a worker tells its supervisor: it serves, it could not start (and why), or, once asked to
 * drain, that it no longer accepts connections (its requests in flight may still be finishing).
 */
export type WorkerReport = { wharf: 'ready' } | { wharf: 'failed'; error: string } | { wharf: 'closed' }

function isShutdownMessage(message: unknown): boolean {
  return (message as { wharf?: unknown } | null)?.wharf === 'shutdown'
}

/**
 * The report in an IPC message from a worker, if it is one.
 *
 * @example
 * child.on('message', (message) => { if (workerReportOf(message)?.wharf === 'ready') … })
 */
export function workerReportOf(message: unknown): WorkerReport | undefined {
  const report = message as { wharf?: unknown; error?: unknown } | null
  if (report?.wharf === 'ready') return { wharf: 'ready' }
  if (report?.wharf === 'closed') return { wharf: 'closed' }
  if (report?.wharf === 'failed') return { wharf: 'failed', error: String(report.error) }
  return undefined
}

/**
 * In a worker of `wharf run --workers N`: the supervisor's listening socket to serve on (undefined in
 * any other process).
 *
 * @example
 * await app.listen({ ...options, fd: workerSocket() })
 */
export function workerSocket(): number | undefined {
  return process.env.WHARF_WORKER_FD === undefined || typeof process.send !== 'function'
    ? undefined
    : Number(process.env.WHARF_WORKER_FD)
}

/**
 * Tells the supervisor (if there is one) how this worker's start went; resolves once the message is
 * out, so that a worker about to exit does not lose it.
 *
 * @example
 * await reportToSupervisor({ wharf: 'ready' })
 */
export function reportToSupervisor(report: WorkerReport): Promise<void> {
  return new Promise((resolve) => {
    if (typeof process.send !== 'function' || !process.connected) resolve()
    else process.send(report, undefined, {}, () => resolve())
  })
}

/**
 * In a process started by a supervisor (with an IPC channel), shuts down gracefully when asked to, or
 * when the supervisor goes away (so a killed `wharf dev` never leaves its server holding the port).
 * A message rather than a signal: Ctrl-C already signals the whole process group, and a second
 * signal would force an immediate exit.
 *
 * @example
 * followSupervisor((reason) => beginShutdown(reason))
 */
export function followSupervisor(shutdown: (reason: string) => void): void {
  if (typeof process.send !== 'function') return
  process.on('message', (message) => {
    if (isShutdownMessage(message)) shutdown('supervisor')
  })
  process.on('disconnect', () => shutdown('supervisor gone'))
}
