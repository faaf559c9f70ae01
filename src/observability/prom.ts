import { createRequire } from 'node:module'

const require = createRequire(import.meta.url)

/** prom-client's module, as `import type` sees it. */
export type PromClient = typeof import('prom-client')

let loaded: PromClient | undefined

/**
 * prom-client, loaded on first use: apps without metrics never pay its import at startup.
 *
 * @example
 * const { Registry } = promClient()
 */
export function promClient(): PromClient {
  loaded ??= require('prom-client') as PromClient
  return loaded
}
