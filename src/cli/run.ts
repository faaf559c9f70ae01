import { explainListenError } from './listen-error.ts'
import { openListenSocket } from './listen-socket.ts'
import { runnerLogger } from './logger.ts'
import type { CommandSpec } from './options.ts'
import { serve } from './serve.ts'
import { readServeCommand } from './serve-command.ts'
import { type ServeSettings, servingOptions } from './serve-settings.ts'
import { Supervisor } from './supervisor.ts'
import { workerSocket } from './supervisor-channel.ts'

/** `wharf run`: its options and `--help`. */
export const runCommand: CommandSpec = {
  name: 'run',
  summary: 'serve for production: 0.0.0.0:8000, JSON logs, workers, graceful shutdown',
  usage: 'wharf run [file[:export]] [options]',
  description: [
    'Serves the app for production on 0.0.0.0:8000 with JSON logs, no reload. With --workers N, N',
    'processes serve on one socket held by a supervisor: a worker that dies is replaced at once',
    '(connections wait meanwhile), one that fails to start is retried with backoff, and SIGHUP',
    'replaces the workers one at a time with the new code, without dropping a request.',
    'SIGTERM or SIGINT: stop accepting, let requests in flight finish (up to --shutdown-timeout), run',
    'background tasks and lifespan shutdown, exit 0. A second signal exits at once.',
    'The file is loaded as `wharf dev` does (TypeScript with erasable syntax only, or JavaScript).',
    'NODE_ENV is set to production unless it is set already.',
  ].join('\n'),
  options: [
    {
      name: 'host',
      type: 'string',
      value: 'HOST',
      help: 'Interface to bind (127.0.0.1 for this machine only).',
      defaultText: '0.0.0.0',
    },
    {
      name: 'workers',
      short: 'w',
      type: 'string',
      value: 'N',
      help: 'Number of worker processes.',
      defaultText: '$WEB_CONCURRENCY or 1',
    },
    ...servingOptions,
  ],
}

/**
 * Runs `wharf run`. In a single process (or a worker) it serves; as the primary of several workers it
 * binds the socket and supervises them.
 *
 * @example
 * await run(['app.ts', '--workers', '4'])
 */
export async function run(argv: string[]): Promise<number | undefined> {
  const command = readServeCommand(runCommand, 'run', argv)
  if (command === undefined) return 0
  // Before the app (and any worker) loads: libraries and apps read it to pick production behaviour.
  process.env.NODE_ENV ||= 'production'
  const { settings } = command
  if (settings.workers > 1 && workerSocket() === undefined) await supervise(settings)
  else await serve(settings)
  return undefined
}

async function supervise(settings: ServeSettings): Promise<void> {
  const socket = await openListenSocket(settings.host, settings.port).catch((error) => {
    throw explainListenError(error, settings)
  })
  // Workers first drain for --drain-delay, then get the shutdown timeout.
  const shutdownTimeout = settings.shutdownTimeout + settings.observability.drainDelay
  new Supervisor(socket, { ...settings, shutdownTimeout }, runnerLogger(settings.logLevel)).start()
}
