import { WharfError } from '../errors.ts'

/**
 * The build-time error for a schema the document cannot describe. `context` names the route and the
 * part (`GET /items/{id} query parameter "limit"`), so the message says where to look.
 *
 * @example
 * throw schemaInvalid('POST /events body', 'Date cannot be represented in JSON Schema')
 */
export function schemaInvalid(context: string, problem: string, cause?: unknown): WharfError {
  const message = problem.startsWith(context) ? problem : `${context}: ${problem}`
  return new WharfError('WHARF_SCHEMA_INVALID', message, cause === undefined ? undefined : { cause })
}
