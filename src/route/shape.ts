import { isDeepStrictEqual } from 'node:util'
import type { JsonSchema } from '../schema/compile.ts'
import { followRef } from '../schema/follow-ref.ts'

/**
 * How a route trims its response, FastAPI's `response_model_exclude_*`:
 * - `excludeUnset`: only the properties the handler set; schema defaults are not filled in.
 * - `excludeDefaults`: properties equal to their schema default are left out.
 * - `excludeNone`: properties that are `null` are left out (at every depth).
 *
 * @example
 * app.get('/items/{id}', { response: Item, excludeUnset: true }, ({ path }) => items.get(path.id))
 */
export interface ResponseShaping {
  excludeUnset?: boolean | undefined
  excludeDefaults?: boolean | undefined
  excludeNone?: boolean | undefined
}

/** True when the route asks for any trimming. */
export function shapes(options: ResponseShaping): boolean {
  return options.excludeUnset === true || options.excludeDefaults === true || options.excludeNone === true
}

const DATA_KEYWORDS = new Set(['enum', 'const', 'default', 'examples', 'example'])

/**
 * The schema a trimmed value is serialized with: no `required` and no `default`, so the serializer
 * neither fills in nor insists on what the trimming removed. The value was validated before.
 */
export function relaxed(schema: JsonSchema): JsonSchema {
  const walk = (node: unknown): unknown => {
    if (Array.isArray(node)) return node.map(walk)
    if (node === null || typeof node !== 'object') return node
    const copy: Record<string, unknown> = {}
    for (const [key, value] of Object.entries(node)) {
      if (key === 'required' || key === 'default') continue
      copy[key] = DATA_KEYWORDS.has(key) ? value : walk(value)
    }
    return copy
  }
  return walk(schema) as JsonSchema
}

/**
 * A trimmed copy of a (validated, JSON-only) value: `null` properties dropped for `excludeNone`, and
 * properties equal to the schema's default dropped for `excludeDefaults`.
 *
 * @example
 * shape({ name: 'Foo', tax: null, tags: [] }, Item, { excludeNone: true, excludeDefaults: true }) // { name: 'Foo' }
 */
export function shape(
  value: unknown,
  schema: JsonSchema,
  options: ResponseShaping,
  root: JsonSchema = schema,
): unknown {
  if (value === null || typeof value !== 'object') return value
  const here = followRef(schema, root) ?? {}
  const branches: JsonSchema[] | undefined = here.anyOf ?? here.oneOf
  const node = branches
    ? (branches
        .map((b) => followRef(b, root) ?? {})
        .find((b) => b.type === (Array.isArray(value) ? 'array' : 'object')) ?? {})
    : here
  if (Array.isArray(value)) return value.map((item) => shape(item, node.items ?? {}, options, root))
  const properties: JsonSchema = node.properties ?? {}
  const out: Record<string, unknown> = {}
  for (const [key, item] of Object.entries(value)) {
    if (options.excludeNone && item === null) continue
    const property = followRef(properties[key], root) ?? {}
    if (options.excludeDefaults && 'default' in property && isDeepStrictEqual(item, property.default))
      continue
    out[key] = shape(item, property, options, root)
  }
  return out
}
