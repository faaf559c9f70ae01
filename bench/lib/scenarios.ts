/**
 * The scenarios: the request each one sends, the exact answer every server must give, and an invalid
 * request the validating routes must refuse (so a server that skips validation cannot look fast).
 */
import { UPSTREAM_DATA } from '../servers/upstream-data.ts'

export interface ProbeRequest {
  method: 'GET' | 'POST'
  path: string
  headers?: Record<string, string>
  body?: string
}

export interface Expected {
  status: number
  /** The exact JSON the server must answer, compared after parsing. */
  body?: unknown
}

export interface Scenario {
  name: string
  /** One line for the report. */
  title: string
  /** Requests per second under a fixed connection count, or the 1 s sleep at thousands of connections. */
  kind: 'throughput' | 'sleep'
  request: ProbeRequest
  expected: Expected
  /** Requests that must be refused (status only: error bodies are each framework's own). */
  invalid: { request: ProbeRequest; expected: Expected }[]
  /** The servers that implement it; all of them when unset. */
  servers?: string[]
  /** Wharf's target, quoted under the table. */
  target: string
  /** Extra ratio column: the fastest validating peer for the scenarios that validate. */
  compareTo?: string
  /** The answer takes this long by design (the sleep route). */
  minLatencyMs?: number
}

const HELLO = { Hello: 'World' }
const ITEM = { name: 'Widget', price: 9.5, tags: ['tools', 'blue'] }
const ORDER = { item: 'book', qty: 2 }
const json = { 'content-type': 'application/json' }

/** Every bench server of the scenarios that do not choose, in table order: the baseline first. */
export const SERVERS = ['node', 'wharf', 'fastify', 'hono', 'express']

/**
 * Where Wharf also runs with `wharf run`'s defaults (access log, request ids), beside the peers' own
 * defaults (none of them logs by default): what a deployed app pays for its logs.
 */
const WITH_RUN_DEFAULTS = ['node', 'wharf', 'wharf-logged', 'fastify', 'hono', 'express']

export const scenarios: Scenario[] = [
  {
    name: 'hello',
    title: 'GET / → {"Hello":"World"}',
    kind: 'throughput',
    request: { method: 'GET', path: '/' },
    expected: { status: 200, body: HELLO },
    invalid: [],
    servers: WITH_RUN_DEFAULTS,
    target: 'Wharf ≥ 0.95× node:http',
  },
  {
    name: 'params',
    title: 'GET /items/{id}?q=… with an integer path param and a string query param → 200 JSON',
    kind: 'throughput',
    request: { method: 'GET', path: '/items/42?q=hello' },
    expected: { status: 200, body: { id: 42, q: 'hello' } },
    invalid: [{ request: { method: 'GET', path: '/items/forty-two?q=hello' }, expected: { status: 422 } }],
    target: 'Wharf ≥ 1.0× Fastify',
    compareTo: 'fastify',
  },
  {
    name: 'items',
    title: 'POST /items with a validated JSON body → 201 through a response schema',
    kind: 'throughput',
    request: { method: 'POST', path: '/items', headers: json, body: JSON.stringify(ITEM) },
    expected: { status: 201, body: ITEM },
    invalid: [
      {
        request: {
          method: 'POST',
          path: '/items',
          headers: json,
          body: JSON.stringify({ ...ITEM, price: 0 }),
        },
        expected: { status: 422 },
      },
      {
        request: {
          method: 'POST',
          path: '/items',
          headers: json,
          body: JSON.stringify({ price: 1, tags: [] }),
        },
        expected: { status: 422 },
      },
    ],
    target: 'Wharf ≥ 1.0× Fastify',
    compareTo: 'fastify',
  },
  {
    name: 'deps',
    title:
      'POST /orders: validated JSON body, a request-scoped `yield` dependency closed after the response, a response schema → 201',
    kind: 'throughput',
    request: { method: 'POST', path: '/orders', headers: json, body: JSON.stringify(ORDER) },
    expected: { status: 201, body: { ...ORDER, session: 'open' } },
    invalid: [
      {
        request: {
          method: 'POST',
          path: '/orders',
          headers: json,
          body: JSON.stringify({ ...ORDER, qty: 0 }),
        },
        expected: { status: 422 },
      },
    ],
    servers: ['wharf', 'wharf-logged', 'fastify', 'hono'],
    target: 'Wharf ≥ 1.0× Fastify, p99 within 1.5× of Fastify',
    compareTo: 'fastify',
  },
  {
    name: 'proxy',
    title: 'GET /proxy → outbound GET to a local upstream (~1 KB JSON) → the same JSON',
    kind: 'throughput',
    request: { method: 'GET', path: '/proxy' },
    expected: { status: 200, body: UPSTREAM_DATA },
    invalid: [],
    servers: ['node', 'wharf', 'fastify', 'hono'],
    target: 'Wharf ≥ 1.0× Fastify + undici',
    compareTo: 'fastify',
  },
  {
    name: 'sleep',
    title: 'GET /sleep awaiting a 1 s timer, thousands of concurrent connections (wrk)',
    kind: 'sleep',
    request: { method: 'GET', path: '/sleep' },
    expected: { status: 200, body: HELLO },
    invalid: [],
    target: 'Wharf p99 ≤ 1.05 s at 1k and ≤ 1.10 s at 10k connections, 0 errors, peak RSS ≤ 1.1× node:http',
    minLatencyMs: 990,
  },
]

export function serversOf(scenario: Scenario): string[] {
  return scenario.servers ?? SERVERS
}
