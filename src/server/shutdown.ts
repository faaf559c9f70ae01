import type { IncomingMessage, Server, ServerResponse } from 'node:http'
import { Server as NetServer } from 'node:net'
import type { Logger } from 'pino'

/** How often idle keep-alive connections are closed once the idle grace is over. */
const IDLE_SWEEP_MS = 50

/** How a drain ended. */
export interface DrainOutcome {
  /** True when the deadline passed and the connections still open were cut. */
  forced: boolean
}

/**
 * Closes `server` gracefully. It stops accepting at once (new connections are refused); requests in
 * flight may finish until `timeout` ms have passed, and whatever is still open then is cut. Resolves
 * once every connection is closed.
 *
 * Idle keep-alive connections are not closed at once: a client (a proxy's connection pool above all)
 * may be sending a request on one at this very moment, and closing it under that request resets it,
 * which nginx retries for a GET but answers with 502 for a POST. For `idleGrace` ms (the keep-alive
 * timeout, at most half the deadline), a request arriving on such a connection is served and answered
 * with `Connection: close`; a client that closes idle connections sooner than the server's keep-alive
 * timeout (nginx's `keepalive_timeout` set below it) closes the rest itself. After the grace, idle
 * connections are closed.
 *
 * @example
 * const { forced } = await drainServer(server, 30_000, app.log, 5_000)
 */
export async function drainServer(
  server: Server,
  timeout: number,
  log: Logger,
  idleGrace: number,
): Promise<DrainOutcome> {
  let forced = false
  const closeAfterResponse = (_request: IncomingMessage, response: ServerResponse) => {
    if (!response.headersSent) response.setHeader('connection', 'close')
  }
  server.prependListener('request', closeAfterResponse)
  // net.Server's close, not http.Server's, which would also close the idle connections right away.
  const closed = new Promise<void>((resolve) => {
    NetServer.prototype.close.call(server, () => resolve())
  })
  let sweep: NodeJS.Timeout | undefined
  const grace = setTimeout(
    () => {
      server.closeIdleConnections()
      sweep = setInterval(() => server.closeIdleConnections(), IDLE_SWEEP_MS)
    },
    Math.min(idleGrace, timeout / 2),
  )
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
    clearTimeout(grace)
    clearInterval(sweep)
    clearTimeout(deadline)
    server.removeListener('request', closeAfterResponse)
  }
  return { forced }
}
