import type { HttpClientOptions, RequestOptions, RetryOptions, TimeoutOptions } from './options.ts'

/** Timeouts with every default filled in (`total` stays optional: no deadline unless asked for). */
export interface ResolvedTimeouts {
  connect: number
  headers: number
  body: number
  total: number | undefined
}

/** Retry options with every default filled in. */
export interface ResolvedRetries {
  limit: number
  methods: ReadonlySet<string>
  statuses: ReadonlySet<number>
  backoff: number
  maxBackoff: number
  maxRetryAfter: number
}

/** RFC 9110 §9.2.2: the methods whose repetition has the same effect as one request. */
const IDEMPOTENT_METHODS: readonly string[] = ['GET', 'HEAD', 'OPTIONS', 'TRACE', 'PUT', 'DELETE']
const RETRY_STATUSES: readonly number[] = [408, 429, 500, 502, 503, 504]

export const DEFAULT_TIMEOUTS: ResolvedTimeouts = {
  connect: 10_000,
  headers: 30_000,
  body: 30_000,
  total: undefined,
}
export const DEFAULT_MAX_RESPONSE_SIZE = 10 * 1024 * 1024
export const DEFAULT_CONNECTIONS = 128
export const DEFAULT_KEEP_ALIVE_TIMEOUT = 4_000

export const NO_RETRIES: ResolvedRetries = resolveRetries(0, undefined)

/** `timeout: 5000` is a total deadline; an object sets phases over `base`. */
export function resolveTimeouts(
  option: number | TimeoutOptions | undefined,
  base: ResolvedTimeouts,
): ResolvedTimeouts {
  if (option === undefined) return base
  if (typeof option === 'number') return { ...base, total: positive(option, 'timeout') }
  return {
    connect: option.connect === undefined ? base.connect : positive(option.connect, 'timeout.connect'),
    headers: option.headers === undefined ? base.headers : positive(option.headers, 'timeout.headers'),
    body: option.body === undefined ? base.body : positive(option.body, 'timeout.body'),
    total: option.total === undefined ? base.total : positive(option.total, 'timeout.total'),
  }
}

/** `retries: 3` is a limit with the defaults; an object is merged over `base` (the client's, for a call). */
export function resolveRetries(
  option: number | RetryOptions | undefined,
  base: ResolvedRetries | undefined,
): ResolvedRetries {
  if (option === undefined && base) return base
  const given: RetryOptions = typeof option === 'number' ? { limit: option } : (option ?? { limit: 0 })
  return {
    limit: count(given.limit ?? (base && base.limit > 0 ? base.limit : 2), 'retries.limit'),
    methods: given.methods
      ? new Set(given.methods.map((method) => method.toUpperCase()))
      : (base?.methods ?? new Set(IDEMPOTENT_METHODS)),
    statuses: given.statuses ? new Set(given.statuses) : (base?.statuses ?? new Set(RETRY_STATUSES)),
    backoff: count(given.backoff ?? base?.backoff ?? 100, 'retries.backoff'),
    maxBackoff: count(given.maxBackoff ?? base?.maxBackoff ?? 5_000, 'retries.maxBackoff'),
    maxRetryAfter: count(given.maxRetryAfter ?? base?.maxRetryAfter ?? 30_000, 'retries.maxRetryAfter'),
  }
}

/** The per-call settings: the client's, with the call's overrides applied. */
export interface CallSettings {
  timeouts: ResolvedTimeouts
  retries: ResolvedRetries
  maxResponseSize: number
}

/** Resolves the client-wide settings once, so a call without overrides allocates nothing for them. */
export function resolveClientSettings(options: HttpClientOptions): CallSettings {
  return {
    timeouts: resolveTimeouts(options.timeout, DEFAULT_TIMEOUTS),
    retries: resolveRetries(options.retries ?? 0, undefined),
    maxResponseSize: sizeLimit(options.maxResponseSize ?? DEFAULT_MAX_RESPONSE_SIZE),
  }
}

/** The client's settings with one call's overrides; the same object when the call overrides nothing. */
export function callSettings(client: CallSettings, options: RequestOptions): CallSettings {
  if (options.timeout === undefined && options.retries === undefined && options.maxResponseSize === undefined)
    return client
  return {
    timeouts: resolveTimeouts(options.timeout, client.timeouts),
    retries: resolveRetries(options.retries, client.retries),
    maxResponseSize:
      options.maxResponseSize === undefined ? client.maxResponseSize : sizeLimit(options.maxResponseSize),
  }
}

function positive(value: number, name: string): number {
  if (!(value > 0)) throw new TypeError(`HttpClient: ${name} must be a positive number of ms, got ${value}`)
  return value
}

function count(value: number, name: string): number {
  if (!(value >= 0) || !Number.isFinite(value))
    throw new TypeError(`HttpClient: ${name} must be a finite number >= 0, got ${value}`)
  return value
}

function sizeLimit(value: number): number {
  if (!(value > 0)) throw new TypeError(`HttpClient: maxResponseSize must be > 0 bytes, got ${value}`)
  return value
}
