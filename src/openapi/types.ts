import type { JsonSchema } from '../schema/compile.ts'

/**
 * A JSON Schema as it appears in the document (2020-12, with `$ref`s into `components/schemas`).
 *
 * @example
 * const schema: SchemaObject = { $ref: '#/components/schemas/Item' }
 */
export type SchemaObject = JsonSchema

/**
 * One entry of an operation's `parameters`.
 *
 * @example
 * const limit: ParameterObject = { name: 'limit', in: 'query', required: false, schema: { type: 'integer', default: 10 } }
 */
export interface ParameterObject {
  name: string
  in: 'path' | 'query' | 'header' | 'cookie'
  required: boolean
  schema: SchemaObject
  description?: string
  deprecated?: boolean
}

/**
 * A media type entry of a request body or a response.
 *
 * @example
 * const json: MediaTypeObject = { schema: { $ref: '#/components/schemas/Item' } }
 */
export interface MediaTypeObject {
  schema: SchemaObject
}

/**
 * An operation's `requestBody`.
 *
 * @example
 * const body: RequestBodyObject = { content: { 'application/json': { schema: { type: 'object' } } }, required: true }
 */
export interface RequestBodyObject {
  content: Record<string, MediaTypeObject>
  required?: boolean
}

/**
 * One documented response status.
 *
 * @example
 * const notFound: ResponseObject = { description: 'Item not found' }
 */
export interface ResponseObject {
  description: string
  headers?: Record<string, { description?: string; schema: SchemaObject }>
  content?: Record<string, MediaTypeObject>
}

/**
 * One path operation (a method of a path).
 *
 * @example
 * app.openapi().paths['/items/{item_id}']?.get?.operationId // 'read_item_items__item_id__get'
 */
export interface OperationObject {
  tags?: string[]
  summary?: string
  description?: string
  operationId: string
  deprecated?: boolean
  parameters?: ParameterObject[]
  requestBody?: RequestBodyObject
  responses: Record<string, ResponseObject>
  security?: Record<string, string[]>[]
  [extension: string]: unknown
}

/**
 * The OpenAPI 3.1 document `app.openapi()` returns and `/openapi.json` serves.
 *
 * @example
 * const document: OpenAPIDocument = app.openapi()
 * document.info.title // 'Shop'
 */
export interface OpenAPIDocument {
  openapi: '3.1.0'
  info: { title: string; version: string; description?: string }
  servers?: ServerObject[]
  paths: Record<string, Record<string, OperationObject>>
  components?: {
    schemas?: Record<string, SchemaObject>
    securitySchemes?: Record<string, Record<string, unknown>>
  }
  tags?: TagObject[]
}

/**
 * An entry of the document's `servers` (the `servers` app option).
 *
 * @example
 * new App({ servers: [{ url: 'https://api.example.com', description: 'production' }] })
 */
export interface ServerObject {
  url: string
  description?: string
  variables?: Record<string, { default: string; enum?: string[]; description?: string }>
}

/**
 * Metadata of one tag (the `openapiTags` app option): shown as section headers by Swagger UI and ReDoc.
 *
 * @example
 * new App({ openapiTags: [{ name: 'items', description: 'What we sell' }] })
 */
export interface TagObject {
  name: string
  description?: string
  externalDocs?: { url: string; description?: string }
}
