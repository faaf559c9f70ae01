import type { JsonSchema } from '../schema/compile.ts'
import { followRef } from '../schema/follow-ref.ts'

/** The subschema a local pointer (`#/$defs/Item`) names, or the schema itself. */
function jsonTypeOf(value: unknown): string {
  if (value === null) return 'null'
  if (Array.isArray(value)) return 'array'
  if (typeof value === 'number') return Number.isInteger(value) ? 'integer' : 'number'
  if (value instanceof Date) return 'string'
  return typeof value
}

/** The branch of a union that fits the value's JSON type (for a `Date`, the one with a `format`). */
function branchFor(schema: JsonSchema, value: unknown, root: JsonSchema): JsonSchema | undefined {
  const branches: JsonSchema[] | undefined = schema.anyOf ?? schema.oneOf
  if (!branches) return schema
  const type = jsonTypeOf(value)
  const resolved = branches.map((branch) => followRef(branch, root))
  return (
    resolved.find((b) => value instanceof Date && typeof b?.format === 'string') ??
    resolved.find((b) => b?.type === type || (Array.isArray(b?.type) && b.type.includes(type))) ??
    resolved.find((b) => type === 'integer' && b?.type === 'number')
  )
}

/** `2021-12-31` for `format: 'date'`, `10:00:00.000Z` for `time`, the full ISO instant otherwise. */
function encodeDate(date: Date, format: unknown): string {
  const iso = date.toISOString()
  if (format === 'date') return iso.slice(0, 10)
  if (format === 'time') return iso.slice(11)
  return iso
}

/**
 * FastAPI's `jsonable_encoder`: a copy of `value` made only of JSON values, guided by the JSON Schema it
 * will be checked against. `Date`s become ISO text (`2021-12-31` where the schema says `format: 'date'`),
 * objects with `toJSON` are converted by it, `Map`s become objects, `Set`s and other iterables arrays,
 * `bigint`s numbers (text beyond 2^53), and `undefined` properties are dropped.
 *
 * @example
 * jsonable({ day: new Date('2021-12-31') }, t.Object({ day: t.String({ format: 'date' }) }))
 * // { day: '2021-12-31' }
 */
export function jsonable(value: unknown, schema: JsonSchema = {}, root: JsonSchema = schema): unknown {
  const here = branchFor(followRef(schema, root) ?? {}, value, root) ?? {}
  if (value instanceof Date) return encodeDate(value, here.format)
  if (typeof value === 'bigint') return Number.isSafeInteger(Number(value)) ? Number(value) : value.toString()
  if (value === null || typeof value !== 'object') return value
  if (Array.isArray(value) || value instanceof Set) {
    const items = here.items ?? {}
    return [...value].map((item, i) =>
      jsonable(item, Array.isArray(here.prefixItems) ? (here.prefixItems[i] ?? items) : items, root),
    )
  }
  if (value instanceof Map) return jsonable(Object.fromEntries(value), here, root)
  if (typeof (value as { toJSON?: unknown }).toJSON === 'function')
    return jsonable((value as { toJSON(): unknown }).toJSON(), here, root)
  if (typeof (value as Iterable<unknown>)[Symbol.iterator] === 'function')
    return jsonable([...(value as Iterable<unknown>)], here, root)
  const out: Record<string, unknown> = {}
  const properties: JsonSchema = here.properties ?? {}
  const rest: JsonSchema = typeof here.additionalProperties === 'object' ? here.additionalProperties : {}
  for (const [key, item] of Object.entries(value)) {
    if (item === undefined || typeof item === 'function' || typeof item === 'symbol') continue
    out[key] = jsonable(item, properties[key] ?? rest, root)
  }
  return out
}
