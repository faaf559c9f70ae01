import { existsSync } from 'node:fs'
import { availableParallelism } from 'node:os'
import type { ListenOptions } from '../server/node.ts'
import { TrustedProxies } from '../server/proxy-headers.ts'
import { parseDuration } from './duration.ts'
import {
  type ObservabilitySettings,
  observabilityArguments,
  observabilityOptions,
  readObservabilitySettings,
} from './observability-settings.ts'
import { integerOption, type OptionSpec, type ParsedCommand } from './options.ts'
import { UsageError } from './usage-error.ts'

/** pino's levels, quietest last. */
export const LOG_LEVELS = ['trace', 'debug', 'info', 'warn', 'error', 'fatal', 'silent'] as const

/** Everything `wharf dev` and `wharf run` need to serve an app, read and checked from the command line. */
export interface ServeSettings {
  mode: 'dev' | 'run'
  /** `file[:export]`, as given. */
  target: string
  host: string
  port: number
  workers: number
  envFile: string | undefined
  rootPath: string | undefined
  /** Peers whose X-Forwarded-* headers are believed; undefined: none. */
  trustedProxies: string | undefined
  keepAliveTimeout: number
  requestTimeout: number
  /** Undefined: 10 s, or the request timeout when shorter. */
  headersTimeout: number | undefined
  limitConcurrency: number | undefined
  shutdownTimeout: number
  logLevel: string
  accessLog: boolean
  /** Metrics, blocking detection, health, load shedding. */
  observability: ObservabilitySettings
}

/** The options `wharf dev` and `wharf run` share. `host` and `workers` differ and are added per command. */
export const servingOptions: OptionSpec[] = [
  {
    name: 'port',
    short: 'p',
    type: 'string',
    value: 'PORT',
    help: 'Port to listen on; 0 picks a free one.',
    defaultText: '$PORT or 8000',
  },
  {
    name: 'env-file',
    type: 'string',
    value: 'FILE',
    help: 'Load environment variables from this .env file before the app is imported.',
  },
  {
    name: 'root-path',
    type: 'string',
    value: 'PATH',
    help: 'Prefix a reverse proxy serves the app under (/api); stripped from request paths that carry it.',
  },
  {
    name: 'proxy-headers',
    type: 'boolean',
    help: 'Take the client IP and scheme from X-Forwarded-For / X-Forwarded-Proto, only when the connection comes from --forwarded-allow-ips. --no-proxy-headers ignores them.',
    defaultText: 'on',
  },
  {
    name: 'forwarded-allow-ips',
    type: 'string',
    value: 'IPS',
    help: 'Comma-separated proxy IPs or CIDR ranges to trust, or * for any.',
    defaultText: '$FORWARDED_ALLOW_IPS or 127.0.0.1,::1',
  },
  {
    name: 'keep-alive-timeout',
    type: 'string',
    value: 'DURATION',
    help: 'Close idle keep-alive connections after this long (30, 30s, 500ms, 2m; a bare number is seconds).',
    defaultText: '5s',
  },
  {
    name: 'request-timeout',
    type: 'string',
    value: 'DURATION',
    help: "A request's headers and body must arrive within this long, else 408 and the connection is closed.",
    defaultText: '60s',
  },
  {
    name: 'headers-timeout',
    type: 'string',
    value: 'DURATION',
    help: "A request's headers must arrive within this long, else 408 and the connection is closed (slowloris guard).",
    defaultText: '10s, or --request-timeout if shorter',
  },
  {
    name: 'limit-concurrency',
    type: 'string',
    value: 'N',
    help: 'At most N requests in progress per process; beyond, 503 {"detail":"Service Unavailable"}.',
    defaultText: 'no limit',
  },
  {
    name: 'shutdown-timeout',
    type: 'string',
    value: 'DURATION',
    help: 'On SIGTERM/SIGINT, let requests in flight finish for this long, then cut them. A second signal exits at once.',
    defaultText: '30s (dev: 1s, so reloads stay quick)',
  },
  {
    name: 'log-level',
    type: 'string',
    value: 'LEVEL',
    help: `One of ${LOG_LEVELS.join(', ')}.`,
    defaultText: '$WHARF_LOG_LEVEL or info',
  },
  {
    name: 'access-log',
    type: 'boolean',
    help: 'One log line per request (method, path, status, duration, request id). --no-access-log turns it off.',
    defaultText: 'on',
  },
  ...observabilityOptions,
]

const string = (parsed: ParsedCommand, name: string) => parsed.values[name] as string | undefined

/**
 * Reads and checks the serving options; every bad value is a `UsageError` naming the option.
 *
 * @example
 * const settings = readServeSettings('run', parseCommand(runCommand, argv, 1), 'app.ts')
 */
export function readServeSettings(mode: 'dev' | 'run', parsed: ParsedCommand, target: string): ServeSettings {
  const env = process.env
  const port = string(parsed, 'port') ?? env.PORT ?? '8000'
  const workers = mode === 'dev' ? '1' : (string(parsed, 'workers') ?? env.WEB_CONCURRENCY ?? '1')
  const envFile = string(parsed, 'env-file')
  if (envFile !== undefined && !existsSync(envFile))
    throw new UsageError(`--env-file: no such file "${envFile}"`)
  const logLevel = string(parsed, 'log-level') ?? env.WHARF_LOG_LEVEL ?? 'info'
  if (!(LOG_LEVELS as readonly string[]).includes(logLevel)) {
    throw new UsageError(`--log-level must be one of ${LOG_LEVELS.join(', ')}; got "${logLevel}"`)
  }
  const limit = string(parsed, 'limit-concurrency')
  const requestTimeout = parseDuration('--request-timeout', string(parsed, 'request-timeout') ?? '60')
  return {
    mode,
    target,
    host: string(parsed, 'host') ?? (mode === 'dev' ? '127.0.0.1' : '0.0.0.0'),
    port: integerOption('port', port, 0, 65_535),
    workers: integerOption('workers', workers, 1, Math.max(1024, availableParallelism() * 8)),
    envFile,
    rootPath: readRootPath(string(parsed, 'root-path')),
    trustedProxies: readTrustedProxies(parsed),
    keepAliveTimeout: parseDuration('--keep-alive-timeout', string(parsed, 'keep-alive-timeout') ?? '5'),
    requestTimeout,
    headersTimeout: readHeadersTimeout(parsed, requestTimeout),
    limitConcurrency: limit === undefined ? undefined : integerOption('limit-concurrency', limit, 1, 1e9),
    shutdownTimeout: parseDuration(
      '--shutdown-timeout',
      string(parsed, 'shutdown-timeout') ?? (mode === 'dev' ? '1' : '30'),
    ),
    logLevel,
    accessLog: parsed.values['access-log'] !== false,
    observability: readObservabilitySettings(mode, parsed),
  }
}

function readHeadersTimeout(parsed: ParsedCommand, requestTimeout: number): number | undefined {
  const text = string(parsed, 'headers-timeout')
  if (text === undefined) return undefined
  const timeout = parseDuration('--headers-timeout', text)
  // The headers are part of the request: node:http refuses a longer headers timeout.
  if (requestTimeout > 0 && timeout > requestTimeout)
    throw new UsageError(`--headers-timeout (${text}) cannot be longer than --request-timeout`)
  return timeout
}

function readRootPath(text: string | undefined): string | undefined {
  if (text === undefined || text === '' || text === '/') return undefined
  if (!text.startsWith('/')) throw new UsageError(`--root-path must start with "/"; got "${text}"`)
  return text.replace(/\/+$/, '')
}

function readTrustedProxies(parsed: ParsedCommand): string | undefined {
  if (parsed.values['proxy-headers'] === false) return undefined
  const spec = string(parsed, 'forwarded-allow-ips') ?? process.env.FORWARDED_ALLOW_IPS ?? '127.0.0.1,::1'
  try {
    TrustedProxies.parse(spec)
  } catch (error) {
    throw new UsageError(`--forwarded-allow-ips: ${(error as Error).message}`)
  }
  return spec
}

/**
 * The `listen()` options the settings stand for (request ids on, access log as asked).
 *
 * @example
 * await app.listen(listenOptionsOf(settings))
 */
export function listenOptionsOf(settings: ServeSettings): ListenOptions {
  return {
    host: settings.host,
    port: settings.port,
    keepAliveTimeout: settings.keepAliveTimeout,
    requestTimeout: settings.requestTimeout,
    ...(settings.headersTimeout === undefined ? {} : { headersTimeout: settings.headersTimeout }),
    shutdownTimeout: settings.shutdownTimeout,
    requestId: true,
    accessLog: settings.accessLog && settings.observability.accessLogFormat,
    ...(settings.trustedProxies === undefined ? {} : { trustedProxies: settings.trustedProxies }),
    ...(settings.rootPath === undefined ? {} : { rootPath: settings.rootPath }),
    ...(settings.limitConcurrency === undefined ? {} : { limitConcurrency: settings.limitConcurrency }),
  }
}

/**
 * The `wharf run` arguments that reproduce `settings` (the dev supervisor starts its server this way).
 *
 * @example
 * spawn(process.execPath, [mainModule, 'run', ...runArguments(settings)])
 */
export function runArguments(settings: ServeSettings): string[] {
  const args = [settings.target, '--host', settings.host, '--port', String(settings.port), '--workers', '1']
  args.push('--keep-alive-timeout', `${settings.keepAliveTimeout}ms`)
  args.push('--request-timeout', `${settings.requestTimeout}ms`)
  if (settings.headersTimeout !== undefined) args.push('--headers-timeout', `${settings.headersTimeout}ms`)
  args.push('--shutdown-timeout', `${settings.shutdownTimeout}ms`, '--log-level', settings.logLevel)
  if (settings.envFile !== undefined) args.push('--env-file', settings.envFile)
  if (settings.rootPath !== undefined) args.push('--root-path', settings.rootPath)
  if (settings.trustedProxies === undefined) args.push('--no-proxy-headers')
  else args.push('--forwarded-allow-ips', settings.trustedProxies)
  if (settings.limitConcurrency !== undefined)
    args.push('--limit-concurrency', String(settings.limitConcurrency))
  if (!settings.accessLog) args.push('--no-access-log')
  args.push(...observabilityArguments(settings.observability))
  return args
}
