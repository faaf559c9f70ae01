import { parse as parseQuery } from 'fast-querystring'
import type { Context } from '../context.ts'
import { RequestValidationError } from '../errors.ts'
import { DEFAULT_BODY_LIMIT, hasBody } from '../params/body.ts'
import { parseCookies } from '../params/cookies.ts'
import { FieldsExtractor } from '../params/fields.ts'
import { isJsonContentType, parseJsonBody } from '../params/json.ts'
import { HTTPResponse, isBodylessStatus } from '../response.ts'
import { type CompiledSchema, compileSchema } from '../schema/compile.ts'
import { issue, messages, type ValidationIssue } from '../schema/issues.ts'
import { fromWebResponse, isWebResponse } from '../server/web-response.ts'
import { compileSerializers, plainSerializer, type Serializer } from './serialize.ts'
import type { RouteDefinition } from './types.ts'

/**
 * A route compiled once, when the app is built: extractors for each declared request part, the body
 * validator, the serializers and the handler. `run` only executes what the route declared, so a route
 * without a query schema never parses the query string.
 */
export class RoutePlan {
  readonly status: number
  private readonly pathFields: FieldsExtractor | undefined
  private readonly queryFields: FieldsExtractor | undefined
  private readonly headerFields: FieldsExtractor | undefined
  private readonly cookieFields: FieldsExtractor | undefined
  private readonly body: CompiledSchema | undefined
  private readonly bodyLimit: number
  private readonly serializers: Map<number, Serializer>
  private readonly handler: (ctx: any) => unknown

  constructor(readonly definition: RouteDefinition) {
    const { options, method, path } = definition
    const context = `${method} ${path}`
    this.status = options.status ?? 200
    this.pathFields = options.path && new FieldsExtractor('path', options.path, context)
    this.queryFields = options.query && new FieldsExtractor('query', options.query, context)
    this.headerFields = options.headers && new FieldsExtractor('header', options.headers, context)
    this.cookieFields = options.cookies && new FieldsExtractor('cookie', options.cookies, context)
    this.body = options.body && compileSchema(options.body, `${context} body`)
    this.bodyLimit = options.bodyLimit ?? DEFAULT_BODY_LIMIT
    this.serializers = compileSerializers(options.response, this.status, context)
    this.handler = definition.handler
  }

  /** Validates the request parts in FastAPI's order (path, query, header, cookie, body), then calls the handler. */
  async run(ctx: Context, params: Record<string, string>): Promise<HTTPResponse> {
    const issues: ValidationIssue[] = []
    ctx.path = this.pathFields ? await this.pathFields.extract(params, issues) : params
    if (this.queryFields) ctx.query = await this.queryFields.extract(parseQuery(ctx.search), issues)
    if (this.headerFields) ctx.headers = await this.headerFields.extract(ctx.request.headers as any, issues)
    if (this.cookieFields) {
      ctx.cookies = await this.cookieFields.extract(parseCookies(ctx.request.headers.cookie), issues)
    }
    if (this.body) ctx.body = await this.readBody(ctx, this.body, issues)
    if (issues.length > 0) throw new RequestValidationError(issues)
    const result = await this.handler(ctx)
    return this.respond(result, ctx)
  }

  private async readBody(ctx: Context, schema: CompiledSchema, issues: ValidationIssue[]): Promise<unknown> {
    const request = ctx.request
    const raw = hasBody(request) ? await request.readBody(this.bodyLimit) : undefined
    if (raw === undefined || raw.length === 0) {
      if (!schema.hasDefault && !schema.optional) {
        issues.push(issue('missing', ['body'], messages.missing(), null))
        return undefined
      }
      return this.checkBody(schema, undefined, issues)
    }
    const text = raw.toString('utf8')
    // Like FastAPI, a body that is not declared as JSON is not parsed: it meets the schema as text,
    // so an object schema reports it at ["body"].
    if (!isJsonContentType(request.headers['content-type'])) return this.checkBody(schema, text, issues)
    const parsed = parseJsonBody(text)
    if ('issue' in parsed) {
      issues.push(parsed.issue)
      return undefined
    }
    return this.checkBody(schema, parsed.value, issues)
  }

  private async checkBody(
    schema: CompiledSchema,
    value: unknown,
    issues: ValidationIssue[],
  ): Promise<unknown> {
    const result = await schema.check(value, ['body'])
    if (result.issues) {
      issues.push(...result.issues)
      return undefined
    }
    return result.value
  }

  /** Turns the handler's return value into a response: response objects as they are, values as JSON. */
  respond(result: unknown, ctx: Context): HTTPResponse {
    if (result instanceof HTTPResponse) return result
    if (isWebResponse(result)) return fromWebResponse(result)
    const status = ctx.response.status ?? this.status
    const headers = ctx.response.headers
    if (isBodylessStatus(status)) return new HTTPResponse(status, headers, null)
    const serialize = this.serializers.get(status) ?? plainSerializer
    headers['content-type'] ??= 'application/json'
    return new HTTPResponse(status, headers, serialize(result))
  }
}
