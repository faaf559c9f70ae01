import { isStandardSchema } from '../schema/compile.ts'
import type { AnySchema } from '../schema/types.ts'

/**
 * Whether a parameter, form field or body must be sent, by the runtime's own rule: absence is an error
 * unless the schema is optional (`t.Optional`, `z.optional()`) or has a default.
 *
 * @example
 * isRequired(t.Integer({ default: 10 })) // false
 * isRequired(z.string())                  // true
 */
export function isRequired(schema: AnySchema): boolean {
  if (isStandardSchema(schema)) {
    const probe = schema['~standard'].validate(undefined)
    return probe instanceof Promise || probe.issues !== undefined
  }
  const record = schema as Record<string, unknown>
  return record['~optional'] !== true && !Object.hasOwn(record, 'default')
}
