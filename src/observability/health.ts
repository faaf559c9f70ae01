import type { App } from '../app.ts'
import { json } from '../response.ts'
import { Router } from '../router.ts'

/** Options of `enableHealth()`. */
export interface HealthOptions {
  /** Liveness: 200 while the process can answer at all. Default `/livez`. */
  livenessPath?: string
  /** Readiness: 200 when the app should get traffic, else 503. Default `/readyz`. */
  readinessPath?: string
}

/** Why an app is (not) ready. */
export type Readiness = 'starting' | 'ready' | 'draining' | 'overloaded'

/** An app's health state, as `enableHealth()` returns it. */
export interface AppHealth {
  readonly livenessPath: string
  readonly readinessPath: string
  /** `starting` until startup ran, `ready`, `draining` once `drain()` was called, `overloaded` while shedding. */
  readonly readiness: Readiness
  /**
   * Readiness turns 503 (`draining`) now; resolves after `delayMs`, the time a load balancer or
   * Kubernetes needs to notice and stop routing here. Then close the listener. `wharf run` calls it
   * on SIGTERM with `--drain-delay`.
   */
  drain(delayMs: number): Promise<void>
}

interface HealthState extends AppHealth {
  started: boolean
  draining: boolean
}

const healthByApp = new WeakMap<App<any, any>, HealthState>()
/** Load shedding reports here whether the app is overloaded (see `shedLoad`). */
const overloadedApps = new WeakMap<App<any, any>, () => boolean>()

/**
 * Liveness and readiness endpoints (left out of the OpenAPI document). Liveness always answers 200
 * `{"status":"ok"}`. Readiness answers 200 `{"status":"ready"}`, or 503 with the reason: `starting`
 * (before the app's startup ran), `draining` (after SIGTERM, while the listener still accepts),
 * `overloaded` (while load shedding is on). Health endpoints are never shed. `wharf run --health`.
 *
 * @example
 * import { enableHealth } from 'wharfjs/observability'
 * enableHealth(app) // GET /livez, GET /readyz
 */
export function enableHealth(app: App<any, any>, options: HealthOptions = {}): AppHealth {
  const existing = healthByApp.get(app)
  if (existing) return existing
  const state: HealthState = {
    livenessPath: options.livenessPath ?? '/livez',
    readinessPath: options.readinessPath ?? '/readyz',
    started: false,
    draining: false,
    get readiness(): Readiness {
      if (this.draining) return 'draining'
      if (!this.started) return 'starting'
      return overloadedApps.get(app)?.() ? 'overloaded' : 'ready'
    },
    async drain(delayMs: number) {
      this.draining = true
      if (delayMs > 0) await new Promise((resolve) => setTimeout(resolve, delayMs))
    },
  }
  // A lifespan of its own: the app's startup runs it once the app's own lifespan has started.
  const router = new Router({
    lifespan: async function* () {
      state.started = true
      yield
    },
  })
  router.get(state.livenessPath, { includeInSchema: false }, () => json({ status: 'ok' }))
  router.get(state.readinessPath, { includeInSchema: false }, () => {
    const readiness = state.readiness
    return json({ status: readiness }, { status: readiness === 'ready' ? 200 : 503 })
  })
  app.include(router)
  healthByApp.set(app, state)
  return state
}

/**
 * The app's health state, if `enableHealth()` was called for it.
 *
 * @example
 * await healthOf(app)?.drain(5_000)
 */
export function healthOf(app: App<any, any>): AppHealth | undefined {
  return healthByApp.get(app)
}

/** Load shedding tells readiness whether the app is overloaded. */
export function reportOverload(app: App<any, any>, overloaded: () => boolean): void {
  overloadedApps.set(app, overloaded)
}

/** True for the health endpoints' paths (never shed). */
export function isHealthPath(app: App<any, any>, path: string): boolean {
  const state = healthByApp.get(app)
  return state !== undefined && (path === state.livenessPath || path === state.readinessPath)
}
