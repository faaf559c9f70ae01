import type { Logger } from 'pino'
import type { App } from '../app.ts'
import { loadEnvFile } from './env-file.ts'
import { explainListenError } from './listen-error.ts'
import { loadApp, resolveTarget } from './load-app.ts'
import { runnerLogger } from './logger.ts'
import { applyObservability, drainBeforeClose } from './observability-settings.ts'
import { listenOptionsOf, type ServeSettings } from './serve-settings.ts'
import { onShutdownSignals } from './signals.ts'
import { followSupervisor, reportToSupervisor, workerSocket } from './supervisor-channel.ts'
import { describeError } from './usage-error.ts'

/**
 * Serves the app in this process (a single server, a cluster worker, or the dev reloader's child)
 * until SIGTERM/SIGINT or the supervisor's request, then shuts down gracefully and exits 0.
 *
 * @example
 * await serve(readServeSettings('run', parsed, 'app.ts'))
 */
export async function serve(settings: ServeSettings): Promise<void> {
  // Before the app is imported: its module code and its logger read the environment.
  loadEnvFile(settings.envFile)
  process.env.WHARF_LOG_LEVEL = settings.logLevel
  const log = runnerLogger(settings.logLevel)
  // Node would print these to stderr and exit 1; a log collector should see them as log records.
  process.on('uncaughtException', (error) => {
    log.fatal({ err: error }, 'Uncaught exception: exiting')
    process.exit(1)
  })
  // Listening for signals from the start: a stop asked for while the app is still loading waits for
  // the server to be up, then shuts it down properly (lifespans included) instead of killing it.
  let starting: Promise<RunningServer> | undefined
  let running: RunningServer | undefined
  const beginShutdown = onShutdownSignals(log, async () => {
    // Up: close synchronously (stop accepting now). Still loading: once it is up.
    if (running) await running.close()
    else if (starting) await (await starting).close()
  })
  followSupervisor(beginShutdown)
  const socket = workerSocket()
  // A worker under `wharf run --workers N`: the supervisor reloads on SIGHUP (a hangup of the whole
  // process group included); the worker itself carries on until it is asked to drain.
  if (socket !== undefined) process.on('SIGHUP', () => {})
  starting = start(settings, socket)
  try {
    running = await starting
  } catch (error) {
    // The supervisor logs why (a crash loop, a failed reload) before this process exits with it.
    if (socket !== undefined) await reportToSupervisor({ wharf: 'failed', error: describeError(error) })
    throw error
  }
  announce(log, running.app, running.url)
  if (socket !== undefined) await reportToSupervisor({ wharf: 'ready' })
}

/** A listening server and its app. */
interface RunningServer {
  app: App<any, any>
  url: string
  close(): Promise<void>
}

async function start(settings: ServeSettings, fd: number | undefined): Promise<RunningServer> {
  const app = await loadApp(resolveTarget(settings.target))
  applyObservability(app, settings.observability)
  try {
    const running = await app.listen({ ...listenOptionsOf(settings), ...(fd === undefined ? {} : { fd }) })
    const close = async () => {
      // Readiness says 503 (for --drain-delay) while the listener still accepts, then it closes.
      const drained = drainBeforeClose(app, settings.observability)
      // Without a delay, nothing is awaited first: the listener closes in this very turn, before
      // "Shutting down" is logged, so a client connecting after that line is refused (not accepted,
      // then reset as the listener closes a moment later).
      if (settings.observability.drainDelay > 0) await drained
      // `running.close()` stops accepting before it returns; a supervisor reloading its workers waits
      // for this report before it says every worker runs the new code.
      const closing = running.close()
      if (fd !== undefined) await reportToSupervisor({ wharf: 'closed' })
      await closing
    }
    return { app, url: running.url, close }
  } catch (error) {
    throw explainListenError(error as NodeJS.ErrnoException, settings)
  }
}

function announce(log: Logger, app: App<any, any>, url: string): void {
  const slot = process.env.WHARF_WORKER_SLOT
  const isWorker = workerSocket() !== undefined && slot !== undefined
  log.info({ url, ...(isWorker ? { slot: Number(slot) } : {}) }, `Serving on ${url}`)
  const docsUrl = docsPath(app)
  if (docsUrl !== undefined && !isWorker) log.info({ docs: `${url}${docsUrl}` }, `Docs at ${url}${docsUrl}`)
}

/** Where Swagger UI is served, unless the app turned it (or the document) off. */
function docsPath(app: App<any, any>): string | undefined {
  const config = app.config as { docsUrl?: string | null; openapiUrl?: string | null }
  if (config.openapiUrl === null || config.docsUrl === null) return undefined
  return config.docsUrl ?? '/docs'
}
