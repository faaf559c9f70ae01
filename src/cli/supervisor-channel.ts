/** The IPC message a supervisor (cluster primary, dev reloader) sends to ask a server to shut down gracefully. */
export const SHUTDOWN_MESSAGE = { wharf: 'shutdown' } as const

function isShutdownMessage(message: unknown): boolean {
  return (message as { wharf?: unknown } | null)?.wharf === 'shutdown'
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
