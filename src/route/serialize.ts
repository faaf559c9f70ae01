import { createRequire } from 'node:module'
import type fastJsonType from 'fast-json-stringify'
import { ResponseValidationError, WharfError } from '../errors.ts'
import {
  type CheckResult,
  type CompiledSchema,
  compileSchema,
  isSchema,
  type JsonSchema,
} from '../schema/compile.ts'
import type { SchemaRefs } from '../schema/refs.ts'
import type { AnySchema } from '../schema/types.ts'
import { jsonable } from './jsonable.ts'
import { type ResponseShaping, relaxed, shape, shapes } from './shape.ts'

// fast-json-stringify (with the Ajv it carries) costs ~40 ms of startup and several MiB: it is loaded
// the first time a response schema is compiled, so apps without one never pay for it.
const require = createRequire(import.meta.url)
let fastJson: typeof fastJsonType | undefined
const loadFastJson = (): typeof fastJsonType => {
  fastJson ??= require('fast-json-stringify') as typeof fastJsonType
  return fastJson
}

/**
 * Turns a handler's return value into the JSON text of the response; a promise only when an
 * asynchronous Standard Schema validates it.
 */
export type Serializer = (value: unknown) => string | Promise<string>

/** Without a response schema the value is sent as JSON.stringify makes it (undefined → null). */
export const plainSerializer: Serializer = (value) => JSON.stringify(value) ?? 'null'

/** How a route's return values are checked and trimmed on their way out. */
export interface SerializerOptions extends ResponseShaping {
  /** Validate the value against the schema first (FastAPI's `ResponseValidationError` → 500). */
  validate: boolean
  refs: SchemaRefs
}

function compileStringify(json: JsonSchema, context: string): (value: unknown) => string {
  try {
    return loadFastJson()(json as Parameters<typeof fastJsonType>[0]) as (value: unknown) => string
  } catch (error) {
    throw new WharfError('WHARF_SERIALIZER_INVALID', `${context}: ${(error as Error).message}`, {
      cause: error,
    })
  }
}

/**
 * The check of a return value: free when it is valid as it is (one compiled TypeBox check); otherwise
 * a JSON copy (`jsonable`: dates per `format`…) with the schema's defaults applied is checked, and a
 * value that still does not match is a `ResponseValidationError` listing what is wrong.
 */
function responseCheck(compiled: CompiledSchema, json: JsonSchema, context: string) {
  const settle = (result: CheckResult): unknown => {
    if (result.issues === undefined) return result.value
    throw new ResponseValidationError(context, { issues: result.issues })
  }
  return (value: unknown): unknown => {
    if (compiled.test?.(value)) return value
    const result = compiled.check(jsonable(value, json), ['response'])
    return result instanceof Promise ? result.then(settle) : settle(result)
  }
}

/**
 * Compiles a response schema into a serializer (fast-json-stringify), once, at build time. Properties
 * not in the schema are never written, so a `password` field cannot leak. With `validate`, a value
 * that does not match the schema (a `null` for a string, a missing required property) is a server
 * error (`ResponseValidationError` → 500), as in FastAPI, instead of being coerced on the way out.
 */
function compileSerializer(schema: AnySchema, context: string, options: SerializerOptions): Serializer {
  const compiled = compileSchema(schema, context, options.refs)
  const json = compiled.json.output
  const trimmed = shapes(options)
  const stringify = compileStringify(trimmed ? relaxed(json) : json, context)
  const write = (value: unknown): string => {
    try {
      return stringify(value)
    } catch (error) {
      throw new ResponseValidationError(`${context}: ${(error as Error).message}`, { cause: error })
    }
  }
  const check = options.validate ? responseCheck(compiled, json, context) : undefined
  // Trimming works on a JSON copy: of what the handler set (`excludeUnset`), or of the checked value.
  const finish = (original: unknown, checked: unknown): string =>
    write(trimmed ? shape(jsonable(options.excludeUnset ? original : checked, json), json, options) : checked)
  return (value) => {
    if (check === undefined) return finish(value, value)
    const checked = check(value)
    return checked instanceof Promise ? checked.then((ok) => finish(value, ok)) : finish(value, checked)
  }
}

/**
 * One serializer per declared status: `response: schema` applies to the route's own status,
 * `response: { 200: A, 404: B }` to each status listed.
 */
export function compileSerializers(
  response: AnySchema | { [status: number]: AnySchema } | undefined,
  defaultStatus: number,
  context: string,
  options: SerializerOptions,
): Map<number, Serializer> {
  const serializers = new Map<number, Serializer>()
  if (response === undefined) return serializers
  if (isSchema(response)) {
    serializers.set(
      defaultStatus,
      compileSerializer(response, `${context} response ${defaultStatus}`, options),
    )
    return serializers
  }
  for (const [status, schema] of Object.entries(response)) {
    serializers.set(
      Number(status),
      compileSerializer(schema as AnySchema, `${context} response ${status}`, options),
    )
  }
  return serializers
}
