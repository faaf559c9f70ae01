import type { MergedParams } from '../di/graph.ts'
import { hasFileFields } from '../params/multipart/file-schema.ts'
import type { SchemaComponents } from './components.ts'
import { isRequired } from './required.ts'
import type { RequestBodyObject, SchemaObject } from './types.ts'

/**
 * The operation's `requestBody`, or undefined when the route reads none.
 * - A JSON body: its schema under `application/json`. When the route and its dependencies declare
 *   several, each validates the same body, so the document says it must match them all (`allOf`).
 * - A form: its fields as one object schema, published as the `Body_{operationId}` component under
 *   `application/x-www-form-urlencoded`, or `multipart/form-data` when a field is a file, as FastAPI does.
 *
 * @example
 * operationRequestBody(plan.params, 'create_item_items_post', components, 'POST /items')
 * // { content: { 'application/json': { schema: { $ref: '#/components/schemas/Item' } } }, required: true }
 */
export function operationRequestBody(
  params: MergedParams,
  operationId: string,
  components: SchemaComponents,
  context: string,
): RequestBodyObject | undefined {
  if (params.form) return formBody(params.form, operationId, components, context)
  if (params.bodies.length === 0) return undefined
  const schemas = params.bodies.map(({ owner, schema }) =>
    components.convert(schema, 'input', `${context} ${owner ? `dependency "${owner.name}" ` : ''}body`),
  )
  const schema = schemas.length === 1 ? schemas[0]! : { allOf: schemas }
  const required = params.bodies.some(({ schema }) => isRequired(schema))
  return { content: { 'application/json': { schema } }, ...(required ? { required: true } : {}) }
}

function formBody(
  fields: NonNullable<MergedParams['form']>,
  operationId: string,
  components: SchemaComponents,
  context: string,
): RequestBodyObject {
  const properties: Record<string, SchemaObject> = {}
  const required: string[] = []
  for (const [name, schema] of Object.entries(fields)) {
    properties[name] = components.convert(schema, 'input', `${context} form field "${name}"`)
    if (isRequired(schema)) required.push(name)
  }
  const name = `Body_${operationId}`
  components.define(name, {
    properties,
    type: 'object',
    ...(required.length > 0 ? { required } : {}),
    title: name,
  })
  const mediaType = hasFileFields(fields) ? 'multipart/form-data' : 'application/x-www-form-urlencoded'
  return {
    content: { [mediaType]: { schema: components.ref(name, 'input') } },
    ...(required.length > 0 ? { required: true } : {}),
  }
}
