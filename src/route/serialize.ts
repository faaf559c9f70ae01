import { createRequire } from 'node:module'
import type fastJsonType from 'fast-json-stringify'
import { ResponseValidationError, WharfError } from '../errors.ts'
import { compileSchema, isSchema } from '../schema/compile.ts'
import type { AnySchema } from '../schema/types.ts'

// fast-json-stringify (with the Ajv it carries) costs ~40 ms of startup and several MiB: it is loaded
// the first time a response schema is compiled, so apps without one never pay for it.
const require = createRequire(import.meta.url)
let fastJson: typeof fastJsonType | undefined
const loadFastJson = (): typeof fastJsonType => {
  fastJson ??= require('fast-json-stringify') as typeof fastJsonType
  return fastJson
}

/** Turns a handler's return value into the JSON text of the response. */
export type Serializer = (value: unknown) => string

/** Without a response schema the value is sent as JSON.stringify makes it (undefined → null). */
export const plainSerializer: Serializer = (value) => JSON.stringify(value) ?? 'null'

/**
 * Compiles a response schema into a serializer (fast-json-stringify), once, at build time. Properties
 * not in the schema are never written, so a `password` field cannot leak; a value missing a required
 * property is a server error (`ResponseValidationError` → 500), as in FastAPI.
 */
function compileSerializer(schema: AnySchema, context: string): Serializer {
  const json = compileSchema(schema, context).json.output
  let stringify: (value: unknown) => string
  try {
    stringify = loadFastJson()(json as Parameters<typeof fastJsonType>[0]) as (value: unknown) => string
  } catch (error) {
    throw new WharfError('WHARF_SERIALIZER_INVALID', `${context}: ${(error as Error).message}`, {
      cause: error,
    })
  }
  return (value) => {
    try {
      return stringify(value)
    } catch (error) {
      throw new ResponseValidationError(`${context}: ${(error as Error).message}`, { cause: error })
    }
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
): Map<number, Serializer> {
  const serializers = new Map<number, Serializer>()
  if (response === undefined) return serializers
  if (isSchema(response)) {
    serializers.set(defaultStatus, compileSerializer(response, `${context} response ${defaultStatus}`))
    return serializers
  }
  for (const [status, schema] of Object.entries(response)) {
    serializers.set(Number(status), compileSerializer(schema as AnySchema, `${context} response ${status}`))
  }
  return serializers
}
