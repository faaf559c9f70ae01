import type { WebSocketServer } from 'ws'
import type { DependencyRuntime } from '../di/runtime.ts'
import { RoutePlan } from '../route/plan.ts'
import type { PlanSettings } from '../route/settings.ts'
import { RouteTable, type TrailingSlash } from '../route/table.ts'
import type { RouteDefinition } from '../route/types.ts'
import { handshakeServer } from './handshake.ts'
import type { WebSocketRouteOptions } from './types.ts'

/** 16 MiB, uvicorn's `--ws-max-size` default. */
export const DEFAULT_MAX_MESSAGE_SIZE = 16 * 1024 * 1024
/** 20 s, uvicorn's `--ws-ping-interval` default. */
export const DEFAULT_PING_INTERVAL = 20_000

/** A matched WebSocket route, with what the connection needs. */
export interface WebSocketMatch {
  plan: RoutePlan
  params: Record<string, string>
  search: string
  server: WebSocketServer
  pingInterval: number
}

interface Limits {
  server: WebSocketServer
  pingInterval: number
}

/**
 * The app's WebSocket routes, compiled once. Each is an ordinary `RoutePlan` (same parameter
 * extraction, validation and dependency resolution as HTTP routes) in a table of its own, so a
 * WebSocket path never answers HTTP requests and costs HTTP requests nothing.
 */
export class WebSocketRoutes {
  /** Each route's plan, for the app's startup (eager app-scoped dependencies). */
  readonly plans: readonly RoutePlan[]
  private readonly table: RouteTable
  private readonly limits = new Map<RoutePlan, Limits>()

  constructor(
    definitions: readonly RouteDefinition[],
    runtime: DependencyRuntime,
    trailingSlash: TrailingSlash,
    /** The app's settings (named schemas for `t.Ref`, strict JSON…), as for HTTP routes. */
    settings?: PlanSettings,
  ) {
    // One handshake server per message-size limit: ws applies `maxPayload` per server.
    const servers = new Map<number, WebSocketServer>()
    const plans = definitions.map((definition) => {
      // The handshake is a GET; the table and the plan's error messages see it as one.
      const plan = new RoutePlan({ ...definition, method: 'GET' }, runtime, settings)
      const options = definition.options as WebSocketRouteOptions
      const size = options.maxMessageSize ?? DEFAULT_MAX_MESSAGE_SIZE
      let server = servers.get(size)
      if (server === undefined) servers.set(size, (server = handshakeServer(size)))
      this.limits.set(plan, { server, pingInterval: options.pingInterval ?? DEFAULT_PING_INTERVAL })
      return plan
    })
    this.plans = plans
    this.table = new RouteTable(plans, trailingSlash)
  }

  /** The route for this request target (path and query), or undefined. */
  find(target: string): WebSocketMatch | undefined {
    const found = this.table.find('GET', target)
    if (found === undefined) return undefined
    return { ...found, ...this.limits.get(found.plan)! }
  }
}
