/**
 * What every bench server shares: the bodies they answer, the hand-written item check used by the
 * peers without a schema validator, and how a server tells the orchestrator it is ready.
 */
import { setTimeout as delay } from 'node:timers/promises'

export const HOST = '127.0.0.1'
/** 0 lets the kernel pick a free port; the server reports the one it got on stdout. */
export const PORT = Number(process.env.PORT ?? 0)
/** The proxy scenario's upstream origin; unset outside that scenario, and then /proxy fails (502). */
export const UPSTREAM = process.env.UPSTREAM_URL ?? 'http://127.0.0.1:9'
/** Generous enough that no peer queues on its pool at 100 concurrent clients. */
export const UPSTREAM_CONNECTIONS = 128

export const HELLO = { Hello: 'World' }
export const PROXY_FAILED = { detail: 'Failed to fetch data' }

/** The sleep scenario's simulated I/O: every request holds its connection for one second. */
export const sleepOneSecond = (): Promise<void> => delay(1_000)

export interface Item {
  name: string
  price: number
  tags: string[]
}

/**
 * The same rules as the Item schema Wharf and Fastify compile (name non-empty, price > 0, at most
 * 10 string tags). Returns the item rebuilt from its declared fields only, so that, like a response
 * schema, nothing undeclared is echoed back; undefined when invalid.
 */
export function checkItem(value: unknown): Item | undefined {
  if (typeof value !== 'object' || value === null) return undefined
  const { name, price, tags } = value as Record<string, unknown>
  if (typeof name !== 'string' || name.length < 1) return undefined
  if (typeof price !== 'number' || !(price > 0)) return undefined
  if (!Array.isArray(tags) || tags.length > 10) return undefined
  for (const tag of tags) if (typeof tag !== 'string') return undefined
  return { name, price, tags: tags as string[] }
}

/** FastAPI's path-int rule, which the hand-written peers reproduce: an optional sign and digits. */
const INTEGER = /^[+-]?\d+$/

export function parseInteger(text: string): number | undefined {
  return INTEGER.test(text) ? Number(text) : undefined
}

/**
 * Prints the line the orchestrator waits for before it sends any request. A SIGTERM then exits
 * normally, so that `node --cpu-prof` (BENCH_PROFILE) gets to write its profile.
 */
export function announce(port: number): void {
  process.once('SIGTERM', () => process.exit(0))
  process.stdout.write(`${JSON.stringify({ ready: port })}\n`)
}

/** The deps scenario's request-scoped resource (a database session, say): opened for each request, closed after. */
export interface Session {
  id: number
  state: 'open' | 'closed'
}

let sessions = 0

/** Opens a session; every server closes it once its response is over. */
export function openSession(): Session {
  sessions++
  return { id: sessions, state: 'open' }
}

export function closeSession(session: Session): void {
  session.state = 'closed'
}

/** The deps scenario's order: an item name and a quantity of at least 1. */
export interface Order {
  item: string
  qty: number
}

/** The Order schema's rules for the peers without a schema validator; undefined when invalid. */
export function checkOrder(value: unknown): Order | undefined {
  if (typeof value !== 'object' || value === null) return undefined
  const { item, qty } = value as Record<string, unknown>
  if (typeof item !== 'string' || item.length < 1) return undefined
  if (typeof qty !== 'number' || !Number.isInteger(qty) || qty < 1) return undefined
  return { item, qty }
}
