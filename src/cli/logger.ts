import { type Logger, pino } from 'pino'
import { blockingBanner } from './blocking-banner.ts'

/**
 * The runner's own logger (startup, workers, shutdown): JSON lines on stdout, like the app's, so a
 * log collector sees one stream. `wharf dev` shows both through `prettyLines`.
 *
 * @example
 * const log = runnerLogger('info')
 * log.info({ url }, `Serving on ${url}`)
 */
export function runnerLogger(level: string): Logger {
  return pino({ name: 'wharf', level })
}

/**
 * A line printer for `wharf dev`: pino JSON lines come out in pino-pretty's human format (colours on
 * a terminal), anything else (a stack trace printed by hand) as it is.
 *
 * @example
 * const print = await prettyLines()
 * print('{"level":30,"time":1700000000000,"msg":"Serving"}')
 */
export async function prettyLines(
  output: NodeJS.WritableStream = process.stdout,
): Promise<(line: string) => void> {
  // Loaded here, not at the top: `wharf run` never pretty-prints and should not pay for the import.
  const { default: pretty } = await import('pino-pretty')
  const format = pretty.prettyFactory({
    colorize: (output as NodeJS.WriteStream).isTTY === true,
    translateTime: 'SYS:HH:MM:ss.l',
    ignore: 'pid,hostname,name',
    singleLine: true,
  })
  const colour = (output as NodeJS.WriteStream).isTTY === true
  return (line) => {
    output.write(blockingBanner(line, colour) ?? format(withoutAccessFields(line)))
  }
}

/**
 * An access line's message already says `GET /items 200 1.2ms`: its fields would only repeat it.
 * Other lines keep every field (a handler's own `status` or `path` included).
 */
function withoutAccessFields(line: string): string | object {
  if (!line.startsWith('{')) return line
  let record: Record<string, unknown>
  try {
    record = JSON.parse(line)
  } catch {
    return line
  }
  const { method, path, status, duration, msg, ...rest } = record
  const summary = `${method} ${path} ${status} ${duration}ms`
  return msg === summary || msg === `${summary} (aborted)` ? { ...rest, msg } : record
}

/**
 * A pino logger printing through `prettyLines` (the dev supervisor's own messages).
 *
 * @example
 * const log = prettyLogger('info', await prettyLines())
 */
export function prettyLogger(level: string, print: (line: string) => void): Logger {
  return pino({ name: 'wharf', level }, { write: (line: string) => print(line.trimEnd()) })
}
