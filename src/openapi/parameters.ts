import type { MergedParams } from '../di/graph.ts'
import { headerName } from '../params/fields.ts'
import type { FieldSchemas } from '../schema/types.ts'
import type { SchemaComponents } from './components.ts'
import { isRequired } from './required.ts'
import type { ParameterObject } from './types.ts'

const SOURCES = [
  ['path', 'path'],
  ['query', 'query'],
  ['headers', 'header'],
  ['cookies', 'cookie'],
] as const

/**
 * The operation's `parameters`, in FastAPI's order (path, query, header, cookie), the route's own and
 * its dependencies' alike. Path parameters the route does not declare are documented as strings, as
 * they arrive. A field is required unless it is optional or has a default; the default, constraints
 * and description stay in its schema, and the description is also lifted onto the parameter.
 *
 * @example
 * operationParameters(plan.params, ['id'], components, 'GET /items/{id}')
 * // [{ name: 'id', in: 'path', required: true, schema: { type: 'integer' } }]
 */
export function operationParameters(
  params: MergedParams,
  pathNames: readonly string[],
  components: SchemaComponents,
  context: string,
): ParameterObject[] {
  const result: ParameterObject[] = []
  for (const [source, location] of SOURCES) {
    const fields: FieldSchemas = params[source] ?? {}
    // Path parameters follow the template's order; undeclared ones are documented as the strings they are.
    const names =
      location === 'path' ? [...new Set([...pathNames, ...Object.keys(fields)])] : Object.keys(fields)
    for (const field of names) {
      const schema = fields[field]
      if (schema === undefined) {
        result.push(undeclaredPathParameter(field))
        continue
      }
      const json = components.convert(schema, 'input', `${context} ${location} parameter "${field}"`)
      const name = location === 'header' ? headerName(field, json) : field
      // `convertUnderscores` only says which header to read; it is no JSON Schema keyword.
      delete json.convertUnderscores
      const parameter: ParameterObject = {
        name,
        in: location,
        required: location === 'path' || isRequired(schema),
        schema: json,
      }
      if (typeof json.description === 'string') parameter.description = json.description
      if (json.deprecated === true) parameter.deprecated = true
      result.push(parameter)
    }
  }
  return result
}

function undeclaredPathParameter(name: string): ParameterObject {
  return { name, in: 'path', required: true, schema: { type: 'string' } }
}
