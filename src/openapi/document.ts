import type { Dependency } from '../di/depends.ts'
import { collectDependencies, type MergedParams, mergeParams } from '../di/graph.ts'
import type { ErrorFormat } from '../exception-handlers.ts'
import { convertPath, openapiPath } from '../route/path.ts'
import type { RouteDefinition } from '../route/types.ts'
import type { AnySchema } from '../schema/types.ts'
import { SchemaComponents } from './components.ts'
import { deepMerge } from './merge.ts'
import { assignOperationIds, summaryFromName } from './operation-id.ts'
import { operationParameters } from './parameters.ts'
import { operationRequestBody } from './request-body.ts'
import { operationResponses } from './responses.ts'
import { routeSecurity } from './security.ts'
import type { OpenAPIDocument, OperationObject, ServerObject, TagObject } from './types.ts'

/** Everything the document is made from: the app's metadata and error format, and its routes. */
export interface DocumentInput {
  title?: string | undefined
  version?: string | undefined
  description?: string | undefined
  servers?: ServerObject[] | undefined
  tags?: TagObject[] | undefined
  errorFormat: ErrorFormat
  routes: readonly RouteDefinition[]
  /** The body errors really have, when the app reshapes them (App `errorSchema`). */
  errorSchema?: AnySchema | undefined
  /** Named schemas routes may reach only through `t.Ref(name)` (the App's `schemas` option). */
  schemas?: readonly AnySchema[] | undefined
}

/** The methods OpenAPI can describe; routes with any other are served but not documented. */
const METHODS = new Set(['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'])

/**
 * Builds the OpenAPI 3.1 document of a set of routes. Pure and deterministic: the same routes give the
 * same document. A schema that cannot be described throws `WharfError` `WHARF_SCHEMA_INVALID` naming
 * the route, so the app fails at build time rather than serving a wrong document.
 *
 * @example
 * const document = buildOpenAPI({ title: 'Shop', version: '1.0.0', errorFormat: 'fastapi', routes: app.routes })
 * document.paths['/items/{id}'].get.operationId // 'read_item_items__id__get'
 */
export function buildOpenAPI(input: DocumentInput): OpenAPIDocument {
  const components = new SchemaComponents()
  for (const schema of input.schemas ?? [])
    for (const mode of ['input', 'output'] as const) components.convert(schema, mode, 'App schemas')
  const securitySchemes: Record<string, Record<string, unknown>> = {}
  const documented = input.routes
    .filter((route) => route.options.includeInSchema !== false && METHODS.has(route.method.toLowerCase()))
    .map((route) => ({ route, path: openapiPath(route.path) }))
  const operationIds = assignOperationIds(documented)
  const paths: OpenAPIDocument['paths'] = {}
  for (const { route, path } of documented) {
    const context = `${route.method} ${route.path}`
    const reached = collectDependencies(routeDependencies(route), context)
    const params = mergeParams(route.options, reached)
    const operation = buildOperation(route, params, operationIds.get(route)!, components, input, context)
    const security = routeSecurity(reached, securitySchemes)
    if (security.length > 0) operation.security = security
    if (route.options.openapiExtra) deepMerge(operation, route.options.openapiExtra)
    paths[path] ??= {}
    paths[path][route.method.toLowerCase()] = operation
  }
  const document: OpenAPIDocument = {
    openapi: '3.1.0',
    info: {
      title: input.title ?? 'Wharf',
      version: input.version ?? '0.1.0',
      ...(input.description ? { description: input.description } : {}),
    },
    ...(input.servers?.length ? { servers: input.servers } : {}),
    paths,
  }
  const schemas = components.finish()
  const hasSchemas = Object.keys(schemas).length > 0
  const hasSecurity = Object.keys(securitySchemes).length > 0
  if (hasSchemas || hasSecurity) {
    document.components = {
      ...(hasSchemas ? { schemas } : {}),
      ...(hasSecurity ? { securitySchemes } : {}),
    }
  }
  if (input.tags?.length) document.tags = input.tags
  return document
}

/** The route's dependencies as its plan resolves them: inherited first, a route's own replacing by name. */
function routeDependencies(route: RouteDefinition): Dependency[] {
  const byName = new Map<string, Dependency>([
    ...(route.inherited ?? []),
    ...(Object.entries(route.options.deps ?? {}) as [string, Dependency][]),
  ])
  return [...byName.values()]
}

/** True when the route can answer 422: it declares (itself or through dependencies) a field or a body. */
function validatesInput({ bodies, ...fields }: MergedParams): boolean {
  return bodies.length > 0 || Object.values(fields).some((source) => source !== undefined)
}

function buildOperation(
  route: RouteDefinition,
  params: MergedParams,
  operationId: string,
  components: SchemaComponents,
  input: DocumentInput,
  context: string,
): OperationObject {
  const { options } = route
  const pathNames = convertPath(route.path).params
  const parameters = operationParameters(params, pathNames, components, context)
  const requestBody = operationRequestBody(params, operationId, components, context)
  const summary = options.summary ?? summaryFromName(route.handler.name)
  const operation: OperationObject = {
    ...(options.tags?.length ? { tags: [...options.tags] } : {}),
    ...(summary ? { summary } : {}),
    ...(options.description ? { description: options.description } : {}),
    operationId,
    ...(options.deprecated ? { deprecated: true } : {}),
    ...(parameters.length > 0 ? { parameters } : {}),
    ...(requestBody ? { requestBody } : {}),
    responses: operationResponses({
      options,
      validates: validatesInput(params),
      errorFormat: input.errorFormat,
      errorSchema: input.errorSchema,
      components,
      context,
    }),
  }
  return operation
}
