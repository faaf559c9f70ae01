import { statusText } from '../errors.ts'
import type { ErrorFormat } from '../exception-handlers.ts'
import { isBodylessStatus } from '../response.ts'
import type { RouteOptions } from '../route/types.ts'
import { isSchema } from '../schema/compile.ts'
import type { AnySchema } from '../schema/types.ts'
import type { SchemaComponents } from './components.ts'
import { errorContent, validationErrorContent } from './error-schemas.ts'
import type { ResponseObject } from './types.ts'

/** What `operationResponses` needs besides the route's options. */
export interface ResponsesInput {
  options: RouteOptions
  /** True when the route (or a dependency) reads any parameter or body, so it can answer 422. */
  validates: boolean
  errorFormat: ErrorFormat
  /** The app's `errorSchema`: the body its (reshaped) errors really have. */
  errorSchema?: AnySchema | undefined
  components: SchemaComponents
  context: string
}

/**
 * The operation's `responses`, FastAPI style: the route's own status as "Successful Response" with its
 * response schema (an empty schema when none is declared, none at all for 204/304), each status of a
 * per-status `response` map, the documented `responses` (error statuses without a schema get the app's
 * error body), and the automatic 422 when the route validates input and does not document a 422 itself.
 *
 * @example
 * operationResponses({ options: { response: Item }, validates: true, errorFormat: 'fastapi', components, context })
 * // { 200: { description: 'Successful Response', content: ... }, 422: { description: 'Validation Error', ... } }
 */
export function operationResponses(input: ResponsesInput): Record<string, ResponseObject> {
  const { options, components, context } = input
  const success = options.status ?? 200
  const schemas = responseSchemas(options.response, success)
  const statuses = new Set([success, ...schemas.keys(), ...Object.keys(options.responses ?? {}).map(Number)])
  const responses: Record<string, ResponseObject> = {}
  for (const status of [...statuses].sort((a, b) => a - b)) {
    const doc = options.responses?.[status]
    const schema = schemas.get(status) ?? doc?.schema
    const response: ResponseObject = {
      description: doc?.description ?? (status === success ? 'Successful Response' : statusText(status)),
    }
    if (doc?.headers) {
      response.headers = {}
      for (const [name, header] of Object.entries(doc.headers)) {
        response.headers[name] = {
          ...(header.description === undefined ? {} : { description: header.description }),
          schema: header.schema
            ? components.convert(header.schema, 'output', `${context} response ${status} header "${name}"`)
            : { type: 'string' },
        }
      }
    }
    if (schema) {
      const json = components.convert(schema, 'output', `${context} response ${status}`)
      response.content = { 'application/json': { schema: json } }
    } else if (status === success && !isBodylessStatus(status)) {
      response.content = { 'application/json': { schema: {} } }
    } else if (status >= 400) {
      response.content = appErrorContent(input) ?? errorContent(input.errorFormat, components)
    }
    responses[status] = response
  }
  if (input.validates && !('422' in responses)) {
    responses[422] = {
      description: 'Validation Error',
      content: appErrorContent(input) ?? validationErrorContent(input.errorFormat, components),
    }
  }
  return responses
}

/** The app's own error body, when it declares one (`errorSchema`). */
function appErrorContent(input: ResponsesInput): ResponseObject['content'] | undefined {
  if (input.errorSchema === undefined) return undefined
  const schema = input.components.convert(input.errorSchema, 'output', `${input.context} error body`)
  return { 'application/json': { schema } }
}

function responseSchemas(response: RouteOptions['response'], success: number): Map<number, AnySchema> {
  if (response === undefined) return new Map()
  if (isSchema(response)) return new Map([[success, response]])
  return new Map(Object.entries(response).map(([status, schema]) => [Number(status), schema as AnySchema]))
}
