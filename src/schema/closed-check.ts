import type { TSchema } from 'typebox'
import { Compile } from 'typebox/compile'

type JsonSchema = Record<string, unknown>

/** A copy of `schema` in which every object that leaves undeclared keys open refuses them. */
function close(schema: unknown): unknown {
  if (Array.isArray(schema)) return schema.map(close)
  if (schema === null || typeof schema !== 'object') return schema
  const out: JsonSchema = {}
  for (const [key, value] of Object.entries(schema as JsonSchema)) {
    // `const`, `enum`, `default` and `examples` hold values, not schemas.
    out[key] =
      key === 'const' || key === 'enum' || key === 'default' || key === 'examples' ? value : close(value)
  }
  const isObject = out.type === 'object' || out.properties !== undefined
  if (isObject && !('additionalProperties' in out) && !('patternProperties' in out))
    out.additionalProperties = false
  return out
}

/**
 * A compiled check that passes only when a value has no key its schema leaves undeclared. When it
 * passes, dropping undeclared keys (pydantic's `extra='ignore'`, TypeBox's `Clean`) has nothing to do,
 * so a valid body pays one compiled check instead of a walk that copies it. Undefined when the closed
 * copy cannot be compiled: then every body is cleaned, as before.
 *
 * @example
 * const closed = closedCheck(json) // closed?.(body) === true → nothing to drop
 */
export function closedCheck(json: JsonSchema): ((value: unknown) => boolean) | undefined {
  try {
    const validator = Compile(close(json) as TSchema)
    return (value) => validator.Check(value)
  } catch {
    return undefined
  }
}
