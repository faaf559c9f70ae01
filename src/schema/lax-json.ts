import type { JsonSchema } from './compile.ts'
import { followRef } from './follow-ref.ts'
import type { ValidationIssue } from './issues.ts'

/** The words pydantic reads as booleans, case-insensitively (query strings, lax JSON). */
export const TRUE = new Set(['true', '1', 'yes', 'on', 't', 'y'])
export const FALSE = new Set(['false', '0', 'no', 'off', 'f', 'n'])
/** An integer as text: digits with an optional sign, spaces around allowed. */
export const INTEGER = /^\s*[+-]?\d+\s*$/

const NUMBER = /^\s*[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?\s*$/

/** The one type a schema stands for, a nullable union's non-null branch included. */
function typeOf(schema: JsonSchema, root: JsonSchema): { type: string | undefined; schema: JsonSchema } {
  const here = followRef(schema, root) ?? {}
  if (typeof here.type === 'string') return { type: here.type, schema: here }
  if (Array.isArray(here.type)) {
    const types = here.type.filter((t: unknown) => t !== 'null')
    return { type: types.length === 1 ? types[0] : undefined, schema: here }
  }
  const branches: JsonSchema[] | undefined = here.anyOf ?? here.oneOf
  if (branches) {
    const real = branches.map((b) => followRef(b, root) ?? {}).filter((b) => b.type !== 'null')
    if (real.length === 1) return typeOf(real[0]!, root)
  }
  return { type: undefined, schema: here }
}

function scalar(value: unknown, type: string | undefined): unknown {
  if (type === 'integer') {
    if (typeof value === 'string' && INTEGER.test(value)) {
      const n = Number(value)
      return Number.isSafeInteger(n) ? n : value
    }
    return value
  }
  if (type === 'number') {
    if (typeof value === 'string' && NUMBER.test(value)) return Number(value)
    return value
  }
  if (type === 'boolean') {
    if (typeof value === 'string') {
      const lower = value.toLowerCase()
      if (TRUE.has(lower)) return true
      if (FALSE.has(lower)) return false
    }
    if (value === 0) return false
    if (value === 1) return true
  }
  return value
}

/**
 * pydantic v2's lax mode for JSON input (Fastify's default coercion does the same): where the schema
 * wants a number, `"12.5"` is read as 12.5; an integer, `"42"` as 42; a boolean, `"true"`/`"false"`
 * (and `1`/`0`, `"yes"`/`"no"`…) as booleans. Strings stay strings: `12` is not a valid string, as in
 * pydantic. Works in place on a freshly parsed body and returns the (possibly replaced) value.
 *
 * @example
 * laxJson({ price: '12.5' }, { type: 'object', properties: { price: { type: 'number' } } }) // { price: 12.5 }
 */
export function laxJson(value: unknown, schema: JsonSchema, root: JsonSchema = schema): unknown {
  const { type, schema: here } = typeOf(schema, root)
  if (type === 'integer' || type === 'number' || type === 'boolean') return scalar(value, type)
  if (value === null || typeof value !== 'object') return value
  if (Array.isArray(value)) {
    const prefix: JsonSchema[] | undefined = Array.isArray(here.prefixItems)
      ? here.prefixItems
      : Array.isArray(here.items)
        ? here.items
        : undefined
    const items: JsonSchema | undefined = Array.isArray(here.items) ? undefined : here.items
    for (let i = 0; i < value.length; i++) {
      const item = prefix?.[i] ?? items
      if (item !== undefined && typeof item === 'object') value[i] = laxJson(value[i], item, root)
    }
    return value
  }
  const record = value as Record<string, unknown>
  const properties: JsonSchema = here.properties ?? {}
  const rest: JsonSchema | undefined =
    typeof here.additionalProperties === 'object' ? here.additionalProperties : undefined
  for (const key of Object.keys(record)) {
    const property = properties[key] ?? rest
    if (property !== undefined) record[key] = laxJson(record[key], property, root)
  }
  return value
}

const PARSING: Record<string, { type: string; msg: string }> = {
  int_type: {
    type: 'int_parsing',
    msg: 'Input should be a valid integer, unable to parse string as an integer',
  },
  float_type: {
    type: 'float_parsing',
    msg: 'Input should be a valid number, unable to parse string as a number',
  },
  bool_type: { type: 'bool_parsing', msg: 'Input should be a valid boolean, unable to interpret input' },
}

/**
 * In lax mode pydantic tried to parse the text, so a string that is no number is `int_parsing` /
 * `float_parsing` / `bool_parsing` rather than a type error; so is a number other than 0/1 for a boolean.
 *
 * @example
 * laxIssue({ type: 'float_type', input: 'abc', ... }) // { type: 'float_parsing', msg: 'Input should be a valid number, unable to parse string as a number', ... }
 */
export function laxIssue(item: ValidationIssue): ValidationIssue {
  const parsing = PARSING[item.type]
  const parsed =
    typeof item.input === 'string' || (item.type === 'bool_type' && typeof item.input === 'number')
  return parsing && parsed ? { ...item, type: parsing.type, msg: parsing.msg } : item
}
