import { parse as parseQuery } from 'fast-querystring'
import type { Context, ResponseDraft } from '../context.ts'
import type { Dependency } from '../di/depends.ts'
import { collectDependencies, type MergedParams, mergeParams } from '../di/graph.ts'
import { type DependencyInputs, DependencyResolution, type Outcome } from '../di/request-scope.ts'
import type { DependencyRuntime } from '../di/runtime.ts'
import { RequestValidationError, WharfError } from '../errors.ts'
import type { Exchange } from '../exchange.ts'
import { DEFAULT_BODY_LIMIT, hasBody } from '../params/body.ts'
import { bodyValue, readFormFields } from '../params/body-readers/index.ts'
import { parseCookies } from '../params/cookies.ts'
import { FieldsExtractor } from '../params/fields.ts'
import { headerValues } from '../params/headers.ts'
import { DEFAULT_JSON_MAX_DEPTH } from '../params/json-depth.ts'
import { MultipartFormPlan } from '../params/multipart/form-plan.ts'
import { HTTPResponse, isBodylessStatus } from '../response.ts'
import { settleBody } from '../response-body.ts'
import { type CompiledSchema, compileSchema } from '../schema/compile.ts'
import { issue, messages, type ValidationIssue } from '../schema/issues.ts'
import { isWebResponse } from '../web-response.ts'
import { convertPath } from './path.ts'
import { compileSerializers, plainSerializer, type Serializer } from './serialize.ts'
import { DEFAULT_PLAN_SETTINGS, type PlanSettings } from './settings.ts'
import { runWithTimeout } from './timeout.ts'
import type { RouteDefinition } from './types.ts'

const NO_DEPENDENCY_BODIES: Map<Dependency, unknown> = new Map()

interface BodyPlan {
  owner: Dependency | null
  compiled: CompiledSchema
}

interface DependencyPlan {
  /** Inherited (app, routers) then the route's own dependencies, by name, as `ctx.deps` shows them. */
  named: [string, Dependency][]
}

/**
 * A route compiled once, when the app is built: extractors for each request part the route or its
 * dependencies declare, body validators, serializers, the dependency plan and the handler. `run` only
 * does what was declared: a route without query parameters never parses the query string.
 */
export class RoutePlan {
  readonly status: number
  /** The route's parameters merged with those of every dependency it reaches (for OpenAPI too). */
  readonly params: MergedParams
  /** Every dependency the route reaches, sub-dependencies first. */
  readonly reached: readonly Dependency[]
  private readonly pathFields: FieldsExtractor | undefined
  private readonly queryFields: FieldsExtractor | undefined
  private readonly headerFields: FieldsExtractor | undefined
  private readonly cookieFields: FieldsExtractor | undefined
  private readonly formFields: FieldsExtractor | undefined
  private readonly multipart: MultipartFormPlan | undefined
  private readonly bodies: BodyPlan[]
  private readonly bodyLimit: number
  private readonly jsonMaxDepth: number
  /** The route's `timeout` option (ms), if any. */
  private readonly timeout: number | undefined
  /** Nothing to validate and no dependencies: `runBare` applies. */
  private readonly bare: boolean
  private readonly serializers: Map<number, Serializer>
  private readonly dependencies: DependencyPlan | undefined
  private readonly handler: (ctx: any) => unknown

  constructor(
    readonly definition: RouteDefinition,
    private readonly runtime: DependencyRuntime,
    /** What the app decides for all its routes (named schemas, response validation…). */
    settings: PlanSettings = DEFAULT_PLAN_SETTINGS,
  ) {
    const { refs } = settings
    const { options, method, path } = definition
    const context = `${method} ${path}`
    // A route's own dependency replaces an inherited one of the same name.
    const byName = new Map([
      ...(definition.inherited ?? []),
      ...(Object.entries(options.deps ?? {}) as [string, Dependency][]),
    ])
    const named = [...byName]
    const reached = collectDependencies(
      named.map(([, dep]) => dep),
      context,
    )
    this.reached = reached
    this.dependencies = reached.length > 0 ? { named } : undefined
    this.params = mergeParams(options, reached)
    const { path: pathSchemas, query, headers, cookies, form, bodies } = this.params
    if (form && bodies.length > 0) {
      throw new WharfError(
        'WHARF_BODY_CONFLICT',
        `${context}: a route cannot declare both a JSON body and a form`,
      )
    }
    const templateParams = convertPath(path).params
    for (const name of Object.keys(pathSchemas ?? {})) {
      if (!templateParams.includes(name)) {
        throw new WharfError(
          'WHARF_ROUTE_PARAM_MISMATCH',
          `${context}: path parameter "${name}" is declared but the path has no {${name}}`,
        )
      }
    }
    this.status = options.status ?? 200
    this.pathFields = pathSchemas && new FieldsExtractor('path', pathSchemas, context, refs)
    this.queryFields = query && new FieldsExtractor('query', query, context, refs)
    this.headerFields = headers && new FieldsExtractor('header', headers, context, refs)
    this.cookieFields = cookies && new FieldsExtractor('cookie', cookies, context, refs)
    // A form with file fields reads multipart itself (limits, spooling, cleanup); other forms use the readers.
    this.multipart = MultipartFormPlan.of(
      form,
      [settings.multipart, options.multipart],
      options.bodyLimit,
      context,
      refs,
    )
    this.formFields = form && !this.multipart ? new FieldsExtractor('body', form, context, refs) : undefined
    this.bodies = bodies.map(({ owner, schema }) => ({
      owner,
      compiled: compileSchema(schema, `${context} ${owner ? `dependency "${owner.name}" ` : ''}body`, refs, {
        lax: !(options.strictJson ?? settings.strictJson),
      }),
    }))
    this.bodyLimit = options.bodyLimit ?? DEFAULT_BODY_LIMIT
    this.jsonMaxDepth = options.jsonMaxDepth ?? settings.jsonMaxDepth ?? DEFAULT_JSON_MAX_DEPTH
    this.timeout = options.timeout
    this.bare =
      !this.dependencies && !pathSchemas && !query && !headers && !cookies && !form && bodies.length === 0
    this.serializers = compileSerializers(options.response, this.status, context, {
      refs,
      validate: options.validateResponse ?? settings.validateResponses,
      excludeUnset: options.excludeUnset,
      excludeDefaults: options.excludeDefaults,
      excludeNone: options.excludeNone,
    })
    this.handler = definition.handler
  }

  /** Runs the route; bounded by its `timeout` option (504, `ctx.signal` aborted) when it has one. */
  run(exchange: Exchange, params: Record<string, string>): Promise<HTTPResponse> {
    if (this.timeout === undefined)
      return this.bare ? this.runBare(exchange.ctx, params) : this.runUnbounded(exchange, params)
    return runWithTimeout(exchange, this.timeout, () => this.runUnbounded(exchange, params))
  }

  /**
   * Fast path for a route that declares nothing to validate and no dependencies (`GET /` returning a
   * value): no issue list, no awaits, one promise hop when the handler is async.
   */
  private runBare(ctx: Context, params: Record<string, string>): Promise<HTTPResponse> {
    ctx.path = params
    try {
      const result = this.handler(ctx)
      if (result instanceof Promise) return result.then((value) => this.respond(value, ctx))
      return Promise.resolve(this.respond(result, ctx))
    } catch (error) {
      return Promise.reject(error)
    }
  }

  /** Validates the request parts in FastAPI's order (path, query, header, cookie, body), then calls the handler. */
  private async runUnbounded(exchange: Exchange, params: Record<string, string>): Promise<HTTPResponse> {
    const { ctx } = exchange
    const issues: ValidationIssue[] = []
    // `extract` is synchronous unless a Standard Schema validates asynchronously; awaiting only then
    // saves a microtask per part on the common path.
    let part: Record<string, unknown> | Promise<Record<string, unknown>>
    if (this.pathFields) {
      part = this.pathFields.extract(params, issues)
      ctx.path = part instanceof Promise ? await part : part
    } else ctx.path = params
    if (this.queryFields) {
      part = this.queryFields.extract(parseQuery(ctx.search), issues)
      ctx.query = part instanceof Promise ? await part : part
    }
    if (this.headerFields) {
      part = this.headerFields.extract(headerValues(ctx.request, this.headerFields.listKeys), issues)
      ctx.headers = part instanceof Promise ? await part : part
    }
    if (this.cookieFields) {
      part = this.cookieFields.extract(parseCookies(ctx.request.headers.cookie), issues)
      ctx.cookies = part instanceof Promise ? await part : part
    }
    // Only dependencies own bodies; a route without them shares one never-written map.
    const inputs: DependencyInputs = {
      bodies: this.dependencies ? new Map() : NO_DEPENDENCY_BODIES,
      form: undefined,
    }
    if (this.multipart) {
      inputs.form = await this.multipart.read(exchange, issues)
      ctx.body = inputs.form
    } else if (this.formFields) {
      part = this.formFields.extract(await readFormFields(ctx.request, this.bodyLimit), issues)
      inputs.form = part instanceof Promise ? await part : part
      ctx.body = inputs.form
    } else if (this.bodies.length > 0) {
      // One await for the bytes; parsing and (synchronous) validation follow without another hop.
      const raw = hasBody(ctx.request) ? await ctx.request.readBody(this.bodyLimit) : undefined
      const pending = this.applyBodies(ctx, raw, inputs, issues)
      if (pending !== undefined) await pending
    }
    if (issues.length > 0) throw new RequestValidationError(dedupe(issues))
    // `return await`: returning the promise itself from an async function costs two more turns.
    if (this.dependencies) return await this.runWithDependencies(exchange, this.dependencies, inputs)
    return this.respond(await this.handler(ctx), ctx)
  }

  private async runWithDependencies(
    exchange: Exchange,
    plan: DependencyPlan,
    inputs: DependencyInputs,
  ): Promise<HTTPResponse> {
    const { ctx } = exchange
    const resolution = new DependencyResolution(exchange, this.runtime, inputs)
    let outcome: Outcome = { failed: false, error: undefined }
    let result: unknown
    try {
      const deps: Record<string, unknown> = {}
      for (const [name, dep] of plan.named) {
        const value = resolution.resolve(dep)
        deps[name] = value instanceof Promise ? await value : value
      }
      ctx.deps = deps
      result = await this.handler(ctx)
    } catch (error) {
      outcome = { failed: true, error }
    }
    if (resolution.hasFunctionScoped) outcome = await resolution.closeFunctionScope(outcome)
    if (resolution.hasRequestScoped) {
      const final = outcome
      exchange.afterResponse(() => resolution.closeRequestScope(final))
    }
    if (outcome.failed) throw outcome.error
    return this.respond(result, ctx)
  }

  /**
   * Parses the body once and validates it against each declared body schema (the route's, and any
   * dependency's). Synchronous unless a Standard Schema validates asynchronously: then it returns the
   * promise to wait for.
   */
  private applyBodies(
    ctx: Context,
    raw: Buffer | undefined,
    inputs: DependencyInputs,
    issues: ValidationIssue[],
  ): Promise<void> | undefined {
    const parsed = bodyValue(raw, ctx.request.headers['content-type'], this.jsonMaxDepth)
    if ('issue' in parsed) {
      issues.push(parsed.issue)
      return undefined
    }
    const { value } = parsed
    let pending: Promise<void>[] | undefined
    for (const { owner, compiled } of this.bodies) {
      const store = (checked: unknown) => {
        if (owner === null) ctx.body = checked
        else inputs.bodies.set(owner, checked)
      }
      const checked = checkBody(compiled, value, issues)
      if (checked instanceof Promise) (pending ??= []).push(checked.then(store))
      else store(checked)
    }
    return pending && Promise.all(pending).then(() => undefined)
  }

  /**
   * Turns the handler's return value into a response: response objects as they are (files found and
   * web Responses converted by `settleBody`, inside the middleware chain), values as JSON.
   */
  respond(result: unknown, ctx: Context): HTTPResponse | Promise<HTTPResponse> {
    if (result instanceof HTTPResponse || isWebResponse(result)) return settleBody(result, ctx.request)
    const draft = ctx.responseDraft
    const status = draft?.status ?? this.status
    if (isBodylessStatus(status)) return new HTTPResponse(status, draft?.headers ?? {}, null)
    const serialize = this.serializers.get(status) ?? plainSerializer
    const body = serialize(result)
    if (body instanceof Promise) return body.then((text) => jsonResponse(status, draft, text))
    return jsonResponse(status, draft, body)
  }
}

function jsonResponse(status: number, draft: ResponseDraft | undefined, body: string): HTTPResponse {
  if (draft === undefined) return new HTTPResponse(status, { 'content-type': 'application/json' }, body)
  draft.headers['content-type'] ??= 'application/json'
  return new HTTPResponse(status, draft.headers, body)
}

/** A body's validated value (undefined when invalid, with its issues recorded). */
function checkBody(schema: CompiledSchema, value: unknown, issues: ValidationIssue[]): unknown {
  if (value === undefined && !schema.hasDefault) {
    if (!schema.optional) issues.push(issue('missing', ['body'], messages.missing(), null))
    return undefined
  }
  const settle = (result: Awaited<ReturnType<CompiledSchema['check']>>) => {
    if (!result.issues) return result.value
    issues.push(...result.issues)
    return undefined
  }
  const result = schema.check(value, ['body'])
  return result instanceof Promise ? result.then(settle) : settle(result)
}

/** Several dependencies may validate the same body or field; each problem is reported once. */
function dedupe(issues: ValidationIssue[]): ValidationIssue[] {
  const seen = new Set<string>()
  return issues.filter((item) => {
    const key = `${item.type}\u0000${JSON.stringify(item.loc)}`
    if (seen.has(key)) return false
    seen.add(key)
    return true
  })
}
