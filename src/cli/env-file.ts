import { existsSync } from 'node:fs'
import { UsageError } from './usage-error.ts'

/**
 * Loads `--env-file` into `process.env` (variables already set win, as with `node --env-file`).
 * A missing file is a `UsageError`.
 *
 * @example
 * loadEnvFile('.env.production')
 */
export function loadEnvFile(path: string | undefined): void {
  if (path === undefined) return
  if (!existsSync(path)) throw new UsageError(`--env-file: no such file "${path}"`)
  process.loadEnvFile(path)
}
