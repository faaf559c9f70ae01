import { Agent, type Dispatcher } from 'undici'
import type { HttpClientOptions } from './options.ts'
import { DEFAULT_CONNECTIONS, DEFAULT_KEEP_ALIVE_TIMEOUT, type ResolvedTimeouts } from './settings.ts'

/** The dispatcher a client sends through, and whether the client owns it (and so closes it). */
export interface ConnectionPool {
  dispatcher: Dispatcher
  owned: boolean
}

/**
 * One undici `Agent` per client: it keeps a keep-alive pool per origin, each capped at `connections`
 * (calls beyond that queue instead of opening more sockets, which under load would exhaust ports and
 * the upstream's patience). The connect timeout lives here because the pool, not a call, opens sockets.
 */
export function createPool(options: HttpClientOptions, timeouts: ResolvedTimeouts): ConnectionPool {
  if (options.dispatcher) return { dispatcher: options.dispatcher, owned: false }
  const connections = options.connections ?? DEFAULT_CONNECTIONS
  if (!(Number.isInteger(connections) && connections > 0))
    throw new TypeError(`HttpClient: connections must be a positive integer, got ${connections}`)
  const agent = new Agent({
    connections,
    keepAliveTimeout: options.keepAliveTimeout ?? DEFAULT_KEEP_ALIVE_TIMEOUT,
    connect: { ...options.connect, timeout: timeouts.connect },
    headersTimeout: timeouts.headers,
    bodyTimeout: timeouts.body,
  })
  return { dispatcher: agent, owned: true }
}
