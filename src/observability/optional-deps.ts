import { onFirstUse } from '../on-first-use.ts'

/** prom-client's module, as `import type` sees it. */
export type PromClient = typeof import('prom-client')
/** @opentelemetry/api's module, as `import type` sees it. */
export type OtelApi = typeof import('@opentelemetry/api')

/**
 * prom-client, loaded on first use: apps without metrics never pay its import at startup.
 *
 * @example
 * const { Registry } = promClient()
 */
export const promClient = onFirstUse<PromClient>('prom-client')

/**
 * @opentelemetry/api (44 modules), loaded on first use: apps that never call `enableTracing` never
 * import it. It keeps its tracer provider in a process-wide global, so this copy is the one an SDK
 * registered with, whichever way the app imported the API.
 *
 * @example
 * const { trace } = otelApi()
 */
export const otelApi = onFirstUse<OtelApi>('@opentelemetry/api')
