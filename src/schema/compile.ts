import type { TSchema } from 'typebox'
import { Compile } from 'typebox/compile'
import { closedCheck } from './closed-check.ts'
import { explainTypeBox, namedKeys } from './error-sample.ts'
import type { ValidationIssue } from './issues.ts'
import { laxIssue, laxJson } from './lax-json.ts'
import { inlineRefs, NO_REFS, type SchemaRefs, usesRefs } from './refs.ts'
import type { StandardSchemaV1 } from './standard.ts'
import { standardIssues } from './standard-issues.ts'
import type { AnySchema } from './types.ts'

/** A JSON Schema object, as it goes into OpenAPI and drives coercion. */
export type JsonSchema = Record<string, any>

export type CheckResult = { value: unknown; issues?: undefined } | { issues: ValidationIssue[] }

/**
 * A schema compiled once, at app build time: validation (with defaults applied first) and the JSON
 * Schema it stands for. `check` is synchronous for TypeBox and may return a promise for Standard Schema.
 */
export interface CompiledSchema {
  readonly source: AnySchema
  /** JSON Schema of what a client sends (`input`) and of what the handler returns (`output`). */
  readonly json: { readonly input: JsonSchema; readonly output: JsonSchema }
  /** True when the schema declares a default at its top level. */
  readonly hasDefault: boolean
  /** True for `t.Optional(...)` or a Standard Schema that accepts `undefined`. */
  readonly optional: boolean
  check(value: unknown, loc: (string | number)[]): CheckResult | Promise<CheckResult>
  /** TypeBox only: true when `value` is valid as it is (no defaults applied, nothing copied). */
  readonly test?: ((value: unknown) => boolean) | undefined
}

/** True for a Standard Schema (Zod 4, Valibot, ArkType…). */
export function isStandardSchema(value: unknown): value is StandardSchemaV1 {
  return (typeof value === 'object' || typeof value === 'function') && value !== null && '~standard' in value
}

/** True for anything `compileSchema` accepts: a TypeBox schema or a Standard Schema. */
export function isSchema(value: unknown): value is AnySchema {
  if (isStandardSchema(value)) return true
  return typeof value === 'object' && value !== null && '~kind' in value
}

function containsDefault(schema: unknown): boolean {
  if (schema === null || typeof schema !== 'object') return false
  if (Object.hasOwn(schema, 'default')) return true
  return Object.values(schema).some(containsDefault)
}

/** A plain JSON copy: drops TypeBox's non-enumerable markers and anything JSON cannot carry. */
const plainJson = (schema: unknown): JsonSchema => JSON.parse(JSON.stringify(schema))

/**
 * How a JSON body (not a parameter, not a response) is read: pydantic's defaults, undeclared keys
 * dropped (`extra='ignore'`) and lax coercion (`"12.5"` for a number) unless strict.
 */
export interface BodyReading {
  /** Accept `"12.5"`, `"42"`, `"true"` where the schema wants a number, an integer, a boolean. */
  lax: boolean
}

function compileTypeBox(schema: TSchema, refs: SchemaRefs, body: BodyReading | undefined): CompiledSchema {
  const own = plainJson(schema)
  // `t.Ref('Item')` to a schema named elsewhere in the app: TypeBox resolves it from the context, and
  // the JSON form (serializers, coercion) gets a self-contained copy.
  const linked = usesRefs(own, refs)
  const validator = linked ? Compile(Object.fromEntries(refs), schema) : Compile(schema)
  const json = linked ? inlineRefs(own, refs) : own
  const applyDefaults = containsDefault(schema) || (linked && containsDefault(json))
  const keep = namedKeys(json)
  // Bodies only: `Clean` copies the value, so it runs only when some key is there to drop.
  const closed = body ? closedCheck(json) : undefined
  return {
    source: schema,
    json: { input: json, output: json },
    hasDefault: Object.hasOwn(schema, 'default'),
    optional: (schema as any)['~optional'] === true,
    test: (value) => validator.Check(value),
    check(value, loc) {
      // Fast path: nothing to default, and valid input needs no copy or error walk.
      // Values reaching here are owned by the request (freshly parsed), so defaults may be written in.
      let candidate = applyDefaults ? validator.Default(value) : value
      if (!validator.Check(candidate)) {
        // Lax mode costs nothing for valid bodies: only a body that fails is coerced and checked again.
        if (body?.lax) candidate = laxJson(candidate, json)
        if (!body?.lax || !validator.Check(candidate)) {
          const issues = explainTypeBox(validator, candidate, linked ? json : schema, keep, loc)
          return { issues: body?.lax ? issues.map(laxIssue) : issues }
        }
      }
      // pydantic's `extra='ignore'`: keys the schema does not declare do not reach the handler.
      if (!body || closed?.(candidate) === true) return { value: candidate }
      return { value: validator.Clean(candidate) }
    },
  }
}

function compileStandard(schema: StandardSchemaV1, context: string): CompiledSchema {
  const standard = schema['~standard']
  const converter = standard.jsonSchema
  if (!converter) {
    throw new TypeError(
      `${context}: the ${standard.vendor} schema offers no Standard JSON Schema converter, so Wharf cannot ` +
        'describe it in OpenAPI or coerce parameters to it. Use a library version that implements it (Zod >= 4.2).',
    )
  }
  const convert = (io: 'input' | 'output'): JsonSchema => {
    try {
      const { $schema: _ignored, ...rest } = converter[io]({ target: 'draft-2020-12' })
      return rest
    } catch (error) {
      throw new TypeError(
        `${context}: the schema cannot be converted to JSON Schema: ${(error as Error).message}`,
      )
    }
  }
  const input = convert('input')
  const probe = standard.validate(undefined)
  const optional = !(probe instanceof Promise) && probe.issues === undefined
  return {
    source: schema,
    json: { input, output: convert('output') },
    hasDefault: Object.hasOwn(input, 'default'),
    optional,
    check(value, loc) {
      const result = standard.validate(value)
      if (result instanceof Promise) return result.then((r) => toCheck(r, value, loc))
      return toCheck(result, value, loc)
    },
  }
}

function toCheck(
  result: StandardSchemaV1.Result<unknown>,
  value: unknown,
  loc: (string | number)[],
): CheckResult {
  if (result.issues === undefined) return { value: result.value }
  return { issues: standardIssues(result.issues, value, loc) }
}

/**
 * Compiles a TypeBox schema or a Standard Schema once. `context` names the route for build errors;
 * `refs` are the app's named schemas, which `t.Ref(name)` may point at; `body` is given for JSON bodies.
 *
 * @example
 * const item = compileSchema(t.Object({ name: t.String() }), 'POST /items body')
 * item.check({ name: 1 }, ['body']) // { issues: [{ type: 'string_type', loc: ['body', 'name'], ... }] }
 */
export function compileSchema(
  schema: AnySchema,
  context: string,
  refs: SchemaRefs = NO_REFS,
  body?: BodyReading,
): CompiledSchema {
  if (isStandardSchema(schema)) return compileStandard(schema, context)
  if (typeof schema === 'object' && schema !== null) return compileTypeBox(schema as TSchema, refs, body)
  throw new TypeError(`${context}: expected a TypeBox schema or a Standard Schema, got ${typeof schema}`)
}
