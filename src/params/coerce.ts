import type { JsonSchema } from '../schema/compile.ts'
import { issue, type ValidationIssue } from '../schema/issues.ts'
import { FALSE, INTEGER, TRUE } from '../schema/lax-json.ts'

/** A raw value from a URL, header or cookie: one string, or several for repeated keys. */
export type RawValue = string | string[]

/** Turns a raw string value into what the schema expects, or reports why it cannot. */
export type Coercer = (
  raw: RawValue,
  loc: (string | number)[],
) => { value: unknown } | { issue: ValidationIssue }

const last = (raw: RawValue): string => (Array.isArray(raw) ? (raw.at(-1) ?? '') : raw)

/**
 * Integers are JavaScript numbers, so integers beyond ±(2^53 − 1) cannot be represented exactly.
 * FastAPI (Python ints) accepts any size; Wharf rejects them with `int_unsafe` instead of silently
 * rounding an id. Declare such ids as strings (`t.String({ pattern: '^\\d+$' })`) to accept them.
 */
function toInteger(text: string, loc: (string | number)[]) {
  if (!INTEGER.test(text)) {
    return {
      issue: issue(
        'int_parsing',
        loc,
        'Input should be a valid integer, unable to parse string as an integer',
        text,
      ),
    }
  }
  const value = Number(text)
  if (!Number.isSafeInteger(value)) {
    return {
      issue: issue(
        'int_unsafe',
        loc,
        'Input should be an integer between -9007199254740991 and 9007199254740991; larger integers lose precision',
        text,
      ),
    }
  }
  return { value }
}

function toNumber(text: string, loc: (string | number)[]) {
  const value = text.trim() === '' ? Number.NaN : Number(text)
  if (!Number.isFinite(value)) {
    return {
      issue: issue(
        'float_parsing',
        loc,
        'Input should be a valid number, unable to parse string as a number',
        text,
      ),
    }
  }
  return { value }
}

function toBoolean(text: string, loc: (string | number)[]) {
  const lower = text.toLowerCase()
  if (TRUE.has(lower)) return { value: true }
  if (FALSE.has(lower)) return { value: false }
  return {
    issue: issue('bool_parsing', loc, 'Input should be a valid boolean, unable to interpret input', text),
  }
}

/** The JSON Schema type a (possibly nullable, possibly referenced) schema stands for. */
function primaryType(schema: JsonSchema, root: JsonSchema): string | undefined {
  if (typeof schema.$ref === 'string' && schema.$ref.startsWith('#/')) {
    const target = schema.$ref
      .slice(2)
      .split('/')
      .reduce<any>((node, key) => node?.[key], root)
    return target ? primaryType(target, root) : undefined
  }
  if (typeof schema.type === 'string') return schema.type
  if (Array.isArray(schema.type)) return schema.type.find((t: string) => t !== 'null')
  const branches: JsonSchema[] | undefined = schema.anyOf ?? schema.oneOf
  if (branches) {
    const types = new Set(
      branches.map((b) => primaryType(b, root)).filter((t) => t !== undefined && t !== 'null'),
    )
    // A union of several scalar types (e.g. integer | string) is left as text for the validator.
    return types.size === 1 ? [...types][0] : undefined
  }
  if ('const' in schema) return typeof schema.const === 'string' ? 'string' : jsonTypeOf(schema.const)
  if (Array.isArray(schema.enum) && schema.enum.length > 0) {
    const types = new Set(schema.enum.map(jsonTypeOf))
    return types.size === 1 ? [...types][0] : undefined
  }
  return undefined
}

/** True when a parameter collects every value of a repeated key (`t.Array(...)`). */
export function isListSchema(schema: JsonSchema): boolean {
  return primaryType(schema, schema) === 'array'
}

function jsonTypeOf(value: unknown): string {
  if (typeof value === 'number') return Number.isInteger(value) ? 'integer' : 'number'
  return typeof value
}

function scalarCoercer(type: string | undefined): Coercer {
  switch (type) {
    case 'integer':
      return (raw, loc) => toInteger(last(raw), loc)
    case 'number':
      return (raw, loc) => toNumber(last(raw), loc)
    case 'boolean':
      return (raw, loc) => toBoolean(last(raw), loc)
    default:
      return (raw) => ({ value: last(raw) })
  }
}

/**
 * Builds, once per declared parameter, the function that turns its raw string(s) into the schema's
 * type, as FastAPI does: integers, numbers, booleans (`true/1/yes/on`, `false/0/no/off`), and arrays
 * from repeated keys (`?tag=a&tag=b`). A single value for a scalar takes the last of repeated keys.
 *
 * @example
 * const coerce = coercerFor({ type: 'integer' })
 * coerce('42', ['query', 'limit']) // { value: 42 }
 */
export function coercerFor(schema: JsonSchema, root: JsonSchema = schema): Coercer {
  const type = primaryType(schema, root)
  if (type === 'array') {
    const items: JsonSchema = schema.items ?? {}
    const item = scalarCoercer(primaryType(items, root))
    return (raw, loc) => {
      const values = Array.isArray(raw) ? raw : [raw]
      const out: unknown[] = []
      for (let i = 0; i < values.length; i++) {
        const result = item(values[i]!, [...loc, i])
        if ('issue' in result) return result
        out.push(result.value)
      }
      return { value: out }
    }
  }
  return scalarCoercer(type)
}
