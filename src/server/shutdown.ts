import type { Server } from 'node:http'
import type { Logger } from 'pino'

/** How often idle keep-alive connections are looked for while draining. */
const IDLE_SWEEP_MS = 50

/** How a drain ended. */
export interface DrainOutcome {
  /** True when the deadline passed and the connections still open were cut. */
  forced: boolean
}

/**
 * Closes `server` gracefully: it stops accepting at once (new connections are refused), idle
 * keep-alive connections are closed, requests in flight may finish until `timeout` ms have passed,
 * and whatever is still open then is cut. Resolves once every connection is closed.
 *
 * Node closes a busy keep-alive connection after its response once the server is closing; the sweep
 * catches connections that become idle in between (a client that had not sent its next request yet).
 *
 * @example
 * const { forced } = await drainServer(server, 30_000, app.log)
 */
export async function drainServer(server: Server, timeout: number, log: Logger): Promise<DrainOutcome> {
  let forced = false
  const closed = new Promise<void>((resolve) => {
    server.close(() => resolve())
  })
  server.closeIdleConnections()
  const sweep = setInterval(() => server.closeIdleConnections(), IDLE_SWEEP_MS)
  const deadline = setTimeout(() => {
    forced = true
    server.getConnections((_error, count) => {
      log.warn({ connections: count }, 'Shutdown deadline passed: closing the connections still open')
    })
    server.closeAllConnections()
  }, timeout)
  try {
    await closed
  } finally {
    clearInterval(sweep)
    clearTimeout(deadline)
  }
  return { forced }
}
