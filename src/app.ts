import { type Logger, type LoggerOptions, pino } from 'pino'
import { Context } from './context.ts'
import { HTTPException, WharfError } from './errors.ts'
import { type ErrorFormat, type ExceptionHandler, ExceptionHandlers } from './exception-handlers.ts'
import { compose, type Middleware } from './middleware/compose.ts'
import type { RequestView } from './request.ts'
import { FileBody, type HTTPResponse, redirect } from './response.ts'
import { RoutePlan } from './route/plan.ts'
import { RouteTable, type TrailingSlash } from './route/table.ts'
import type { RouteDefinition } from './route/types.ts'
import { Router } from './router.ts'
import { fetchHandler } from './server/fetch.ts'
import { resolveFileBody } from './server/file.ts'
import { type ListenOptions, listen, type RunningServer } from './server/node.ts'

/** Options of `new App()`. Each is documented once, here. */
export interface AppOptions {
  /** The API's title in the OpenAPI document. */
  title?: string
  /** The API's version in the OpenAPI document. */
  version?: string
  /** The API's description in the OpenAPI document (Markdown). */
  description?: string
  /**
   * `redirect` (default, FastAPI's): `/items` answers 307 to `/items/` when only that exists, and the
   * other way round. `ignore`: both forms match the same route. `strict`: only the declared form matches.
   */
  trailingSlash?: TrailingSlash
  /** `fastapi` (default): `{"detail": ...}` bodies. `problem`: RFC 9457 `application/problem+json`. */
  errorFormat?: ErrorFormat
  /** A pino logger, pino options, or `false` for silence. Default: pino at `info` (or `$WHARF_LOG_LEVEL`). */
  logger?: Logger | LoggerOptions | false
}

interface Built {
  table: RouteTable
  pipeline: (ctx: Context) => Promise<HTTPResponse>
}

function createLogger(option: AppOptions['logger']): Logger {
  if (option === false) return pino({ enabled: false })
  if (option && typeof (option as Logger).child === 'function') return option as Logger
  return pino({ level: process.env.WHARF_LOG_LEVEL ?? 'info', ...(option as LoggerOptions | undefined) })
}

/**
 * A Wharf application: routes, middleware and exception handlers, compiled into one request handler
 * the first time it serves (or when `build()` is called).
 *
 * @example
 * import { App } from 'wharf'
 * export const app = new App({ title: 'Shop', version: '1.0.0' })
 * app.get('/', async () => ({ Hello: 'World' }))
 * await app.listen({ port: 8000 })
 */
export class App extends Router {
  readonly config: Readonly<AppOptions>
  readonly log: Logger
  /** App-wide state, shared by every request (connections, caches, settings). */
  readonly state: Record<string, unknown> = {}
  private readonly middleware: Middleware[] = []
  private readonly exceptionHandlers: ExceptionHandlers
  private built: Built | undefined

  constructor(options: AppOptions = {}) {
    super()
    this.config = options
    this.log = createLogger(options.logger)
    this.exceptionHandlers = new ExceptionHandlers(options.errorFormat ?? 'fastapi')
  }

  protected override beforeChange(): void {
    if (this.built)
      throw new WharfError('WHARF_APP_BUILT', 'routes and middleware must be added before the app serves')
  }

  /**
   * Adds middleware. The first added is the outermost: it sees the request first and the response
   * last. Middleware runs for every request, unknown paths and errors included.
   */
  use(middleware: Middleware): this {
    this.beforeChange()
    this.middleware.push(middleware)
    return this
  }

  /**
   * Answers errors of `errorClass` (and its subclasses) with `handler`. Also accepts `HTTPException`
   * and `RequestValidationError` to replace the defaults, and `Error` to replace the 500.
   *
   * @example
   * app.exceptionHandler(HTTPException, (error) => json({ error: error.detail }, { status: error.status }))
   */
  exceptionHandler<E extends abstract new (...args: any) => unknown>(
    errorClass: E,
    handler: ExceptionHandler<InstanceType<E>>,
  ): this {
    this.exceptionHandlers.set(errorClass, handler)
    return this
  }

  /** The routes as the app will serve them (prefixes applied, tags merged). */
  get routes(): readonly RouteDefinition[] {
    return this.collectRoutes()
  }

  /**
   * Compiles every route (validators, serializers, matcher) and the middleware chain. Called on the
   * first request if not before; call it yourself to see configuration errors at startup.
   */
  build(): this {
    if (this.built) return this
    const plans = this.collectRoutes().map((definition) => new RoutePlan(definition))
    const table = new RouteTable(plans, this.config.trailingSlash ?? 'redirect')
    const endpoint = (ctx: Context) => this.dispatch(table, ctx)
    this.built = { table, pipeline: compose(this.middleware, endpoint) }
    return this
  }

  private dispatch(table: RouteTable, ctx: Context): Promise<HTTPResponse> {
    const found = table.find(ctx.method, ctx.pathname)
    if (found === undefined) return this.respondToMiss(table, ctx)
    ctx.route = found.plan.definition.path
    return found.plan.run(ctx, found.params).catch((error) => this.exceptionHandlers.respond(error, ctx))
  }

  private respondToMiss(table: RouteTable, ctx: Context): Promise<HTTPResponse> {
    const miss = table.miss(ctx.pathname)
    if (miss.kind === 'redirect') {
      const host = ctx.request.headers.host ?? 'localhost'
      const query = ctx.search ? `?${ctx.search}` : ''
      return Promise.resolve(redirect(`${ctx.request.scheme}://${host}${miss.path}${query}`, 307))
    }
    const error =
      miss.kind === 'method'
        ? new HTTPException(405, 'Method Not Allowed', { headers: { allow: miss.allow.join(', ') } })
        : new HTTPException(404, 'Not Found')
    return this.exceptionHandlers.respond(error, ctx)
  }

  /**
   * The core request handler every adapter calls: request view in, response description out. It
   * never rejects: every error becomes a response.
   */
  async handle(request: RequestView): Promise<HTTPResponse> {
    const { pipeline } = this.built ?? this.build().built!
    const ctx = new Context(request, this)
    let response: HTTPResponse
    try {
      response = await pipeline(ctx)
    } catch (error) {
      // Errors thrown by middleware itself: the same handlers answer them, outside the middleware.
      response = await this.exceptionHandlers.respond(error, ctx)
    }
    if (response.body instanceof FileBody) {
      response = await resolveFileBody(response, response.body).catch((error) =>
        this.exceptionHandlers.respond(error, ctx),
      )
    }
    return response
  }

  /**
   * Serves the app on node:http (the fast path). Resolves once the socket is listening.
   *
   * @example
   * const server = await app.listen({ port: 0 })
   * console.log(server.url)
   * await server.close()
   */
  listen(options: ListenOptions = {}): Promise<RunningServer> {
    return listen(this, options)
  }

  /**
   * The app as a WHATWG fetch handler, for Bun, Deno, serverless and edge platforms.
   *
   * @example
   * const response = await app.fetch(new Request('http://localhost/'))
   */
  readonly fetch = (request: Request): Promise<Response> => {
    this.fetchAdapter ??= fetchHandler(this)
    return this.fetchAdapter(request)
  }
  private fetchAdapter: ((request: Request) => Promise<Response>) | undefined
}
