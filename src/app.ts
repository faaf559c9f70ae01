import type { Logger, LoggerOptions } from 'pino'
import type { Dependency } from './di/depends.ts'
import { DependencyRuntime } from './di/runtime.ts'
import { WharfError } from './errors.ts'
import { type ErrorFormat, type ExceptionHandler, ExceptionHandlers } from './exception-handlers.ts'
import { Lifecycle } from './lifecycle.ts'
import { createLogger } from './logging.ts'
import { buildOpenAPI } from './openapi/document.ts'
import type { OpenAPIOptions } from './openapi/options.ts'
import { docsRoutes } from './openapi/routes.ts'
import type { OpenAPIDocument } from './openapi/types.ts'
import type { MultipartLimits } from './params/multipart/limits.ts'
import type { AccessLogOption } from './pipeline/access-log-format.ts'
import { HookSet, type RequestHooks } from './pipeline/hooks.ts'
import type { Middleware } from './pipeline/middleware.ts'
import { Pipeline } from './pipeline/pipeline.ts'
import type { RequestView } from './request.ts'
import type { HTTPResponse } from './response.ts'
import { planSettings } from './route/app-settings.ts'
import { type Mountable, Mounts } from './route/mounts.ts'
import { RoutePlan } from './route/plan.ts'
import { RouteTable, type TrailingSlash } from './route/table.ts'
import type { DepsRecord, RouteDefinition, RouteOptions } from './route/types.ts'
import { type Lifespan, Router } from './router.ts'
import type { AnySchema } from './schema/types.ts'
import { fetchHandler } from './server/fetch.ts'
import { type ListenOptions, listen, type RunningServer } from './server/node.ts'
import { WebSocketRoutes } from './websocket/routes.ts'

/** Options of `new App()`. Each is documented once, here. */
export interface AppOptions<D extends DepsRecord = {}, S extends object = Record<string, any>>
  extends OpenAPIOptions {
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
  /** Dependencies of every route (auth, rate limits…); handlers see them as `ctx.deps`. */
  deps?: D
  /** The initial `app.state`; its type becomes the type of `app.state`. */
  state?: S
  /**
   * Limits of multipart bodies with file fields, for every route without its own `multipart`: file
   * size (default 10 MiB), counts of files, fields and parts, field size, spool threshold. See
   * `MultipartLimits` and docs/uploads-and-files.md.
   */
  multipart?: MultipartLimits
  /** Startup and shutdown code around serving; see `Lifespan`. Runs before routers' lifespans. */
  lifespan?: Lifespan<App<D, S>>
  /** How long shutdown waits for pending background tasks, in ms. Default 10000. */
  shutdownTimeout?: number
  /**
   * Deepest nesting of arrays/objects accepted in a JSON body, for every route without its own
   * `jsonMaxDepth`; deeper → 422 `json_invalid`, found before parsing. Default 128.
   */
  jsonMaxDepth?: number
  /**
   * Give each request an id (`X-Request-ID` when sane, else a UUID), echoed back and carried by
   * `ctx.log`, on every adapter (`app.fetch`, TestClient, `listen()`). Default false; `listen()`'s own
   * option overrides it, and the `wharf` command turns it on.
   */
  requestId?: boolean
  /**
   * One log line per request (method, path, status, duration, bytes), on every adapter. `true` or
   * `json`: records on `app.log`; `common` / `combined`: text lines on stdout. Default false.
   */
  accessLog?: AccessLogOption
  /**
   * Named TypeBox schemas (`$id`) that routes reach only through `t.Ref(name)`. Schemas used directly
   * by some route are found without being listed.
   */
  schemas?: AnySchema[]
  /**
   * Check every return value against its route's response schema; a mismatch is a 500 logged as
   * `ResponseValidationError` (FastAPI's behaviour). Default `true`; routes override it with
   * `validateResponse`.
   */
  validateResponses?: boolean
  /**
   * Read JSON bodies in pydantic's strict mode: `"12.5"` for a number, `"42"` for an integer or
   * `"true"` for a boolean is a 422. Default `false`: lax, as pydantic and Fastify are by default.
   * Routes override it with `strictJson`.
   */
  strictJson?: boolean
  /** Documented responses (OpenAPI) of every route; routers' and routes' own win per status. */
  responses?: RouteOptions['responses']
  /**
   * The body the app really sends on errors, when an exception handler reshapes them (RealWorld's
   * `{"errors": {"body": [...]}}`): documented once, for the automatic 422 and every error status
   * documented without a schema of its own, instead of FastAPI's `{"detail": ...}`.
   */
  errorSchema?: AnySchema
}

interface Built {
  pipeline: Pipeline
  openapi: OpenAPIDocument
  /** App-scoped dependencies declared `startup: true`, created by `startup()`. */
  eager: Dependency[]
  /** The WebSocket routes, in a table of their own: HTTP requests never look at them. */
  sockets: WebSocketRoutes
}

/**
 * A Wharf application: routes, middleware and exception handlers, compiled into one request handler
 * the first time it serves (or when `build()` is called).
 *
 * @example
 * import { App } from 'wharfjs'
 * export const app = new App({ title: 'Shop', version: '1.0.0' })
 * app.get('/', async () => ({ Hello: 'World' }))
 * await app.listen({ port: 8000 })
 */
export class App<D extends DepsRecord = {}, S extends object = Record<string, any>> extends Router<D> {
  readonly config: Readonly<AppOptions<D, S>>
  readonly log: Logger
  /** App-wide state, shared by every request (connections, caches, settings). */
  readonly state: S
  /**
   * Replacements for dependencies, for tests: `app.dependencyOverrides.set(db, () => fakeDb)`.
   * Looked up on every request, so it can change between tests without rebuilding.
   */
  readonly dependencyOverrides: DependencyRuntime['overrides']
  private readonly dependencyRuntime: DependencyRuntime
  private readonly lifecycle: Lifecycle
  private readonly middleware: Middleware[] = []
  private readonly mounts = new Mounts()
  private readonly exceptionHandlers: ExceptionHandlers
  private readonly hooks: HookSet
  private built: Built | undefined
  private starting: Promise<void> | undefined

  constructor(options: AppOptions<D, S> = {}) {
    super({
      ...(options.deps === undefined ? {} : { deps: options.deps }),
      ...(options.responses === undefined ? {} : { responses: options.responses }),
    })
    this.config = options
    this.log = createLogger(options.logger)
    this.state = options.state ?? ({} as S)
    this.dependencyRuntime = new DependencyRuntime(this)
    this.dependencyOverrides = this.dependencyRuntime.overrides
    this.lifecycle = new Lifecycle(this.log, this.dependencyRuntime)
    this.exceptionHandlers = new ExceptionHandlers(options.errorFormat ?? 'fastapi')
    this.hooks = new HookSet(this.log)
  }

  protected override beforeChange(): void {
    if (this.built)
      throw new WharfError('WHARF_APP_BUILT', 'routes and middleware must be added before the app serves')
  }

  /**
   * Adds middleware. The first added is the outermost: it sees the request first and the response
   * last. Middleware runs for every request, unknown paths and errors included.
   */
  override use(middleware: Middleware): this {
    this.beforeChange()
    this.middleware.push(middleware)
    return this
  }

  /**
   * Watches points of every request's life (received, matched, failed, answered) without wrapping
   * it: the place for metrics, tracing and audit logs. See `RequestHooks`; docs/middleware.md.
   *
   * @example
   * app.addHooks({ onResponse: (ctx, sent) => console.log(ctx.route, sent.status, sent.durationMs) })
   */
  addHooks(hooks: RequestHooks): this {
    this.beforeChange()
    this.hooks.add(hooks)
    return this
  }

  /**
   * Serves another app under `path` (FastAPI's `app.mount()`): a Wharf app keeps its own middleware,
   * exception handlers, dependencies, OpenAPI document and docs pages (at `path + '/docs'`), and sees
   * paths relative to `path` with `path` as its `rootPath`; a `StaticFiles` serves its folder there.
   * The parent's routes are matched first, then mounts (longest prefix first); the parent's middleware
   * runs around mounted apps too. Mounted apps are not in the parent's OpenAPI document, and their
   * lifespans do not run (as in FastAPI).
   *
   * @example
   * app.mount('/static', new StaticFiles({ directory: 'public' }))
   * app.mount('/v2', v2App)
   */
  mount(path: string, app: Mountable): this {
    this.beforeChange()
    this.mounts.add(path, app)
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
    const routes = this.collectRoutes()
    // Before the plans: a schema the document cannot describe fails as WHARF_SCHEMA_INVALID, naming its route.
    const errorFormat = this.config.errorFormat ?? 'fastapi'
    const openapi = buildOpenAPI({ ...this.config, tags: this.config.openapiTags, errorFormat, routes })
    // Made on the first request for it, through `this.openapi()`: changes to the document before then,
    // or an `app.openapi` replaced by the user (FastAPI's custom-openapi recipe), are what gets served.
    // Behind `--root-path /api` (and with no `servers` of its own) the document names that prefix as
    // its server, as FastAPI does, so "Try it out" reaches the app through the proxy.
    const openapiJson = new Map<string, string>()
    const builtIn = docsRoutes(this.config, (rootPath) => {
      let text = openapiJson.get(rootPath)
      if (text === undefined) {
        const document = this.openapi()
        const served =
          rootPath && !document.servers ? { ...document, servers: [{ url: rootPath }] } : document
        openapiJson.set(rootPath, (text = JSON.stringify(served)))
      }
      return text
    })
    const settings = planSettings(this.config, routes, this.collectWebSocketRoutes())
    const plans = [...routes, ...builtIn].map(
      (definition) => new RoutePlan(definition, this.dependencyRuntime, settings),
    )
    const table = new RouteTable(plans, this.config.trailingSlash ?? 'redirect')
    const pipeline = new Pipeline({
      host: this,
      table,
      middleware: this.middleware,
      mounts: this.mounts,
      handlers: this.exceptionHandlers,
      hooks: this.hooks,
      lifecycle: this.lifecycle,
      problem: errorFormat === 'problem',
    })
    const sockets = new WebSocketRoutes(
      this.collectWebSocketRoutes(),
      this.dependencyRuntime,
      this.config.trailingSlash ?? 'redirect',
      settings,
    )
    const eager = [...new Set([...plans, ...sockets.plans].flatMap((plan) => plan.reached))].filter(
      (dep) => dep.scope === 'app' && dep.startup,
    )
    this.built = { pipeline, openapi, eager, sockets }
    return this
  }

  /**
   * The app's OpenAPI 3.1 document, made once when the app is built (this builds it). The same object
   * is served at `openapiUrl`, so changes made to it before the first request for it are served too;
   * assigning another function to `app.openapi` replaces what is served.
   *
   * @example
   * const document = app.openapi()
   * document.paths['/items/{id}']?.get?.operationId // 'read_item_items__id__get'
   */
  openapi(): OpenAPIDocument {
    return (this.built ?? this.build().built!).openapi
  }

  /** The WebSocket routes, compiled by `build()` in a table of their own; `listen()` serves them. */
  webSocketRoutes(): WebSocketRoutes {
    return (this.built ?? this.build().built!).sockets
  }

  /**
   * The request pipeline every adapter serves through (node:http, fetch, TestClient, WebSocket
   * upgrades); builds the app if needed. See `Pipeline` for the order a request goes through.
   *
   * @example
   * const serve = app.pipeline().handler({ requestId: true })
   */
  pipeline(): Pipeline {
    return (this.built ?? this.build().built!).pipeline
  }

  /**
   * Runs one request through the pipeline and resolves to its response description, for adapters of
   * your own that cannot report when a response is over (prefer `pipeline().handler()`, which can):
   * after-response work (teardown, background tasks) starts as soon as the response is handed over.
   * Never rejects: every error becomes a response.
   *
   * @example
   * const response = await app.handle(view)
   */
  handle(request: RequestView): Promise<HTTPResponse> {
    return new Promise((resolve) =>
      this.pipeline().handler()(request, (response, watch) => {
        resolve(response)
        return watch ? Promise.resolve({ status: response.status, bytes: 0, aborted: false }) : undefined
      }),
    )
  }

  /**
   * Runs the lifespans (the app's, then routers' in include order) up to their `yield`, then creates
   * app-scoped dependencies declared `startup: true`. `listen()` calls it, and `app.fetch` on its first
   * request; call it yourself when serving through `nodeHandler`. If a step fails, what had started is
   * shut down and the error thrown.
   */
  async startup(): Promise<void> {
    if (!this.lifecycle.idle) return
    const { eager } = this.built ?? this.build().built!
    const lifespans = [...(this.config.lifespan ? [this.config.lifespan] : []), ...this.collectLifespans()]
    await this.lifecycle.startup(
      lifespans.map((lifespan) => () => lifespan(this)),
      eager,
      this.shutdownTimeout,
    )
  }

  /** True once `startup()` completed, until shutdown. */
  get started(): boolean {
    return this.lifecycle.started
  }

  /**
   * Starts the app once, however many callers ask at the same time (the fetch adapter's first
   * requests); resolves at once when it has started. A failed startup rejects every caller.
   */
  ensureStarted(): Promise<void> {
    if (this.lifecycle.started) return Promise.resolve()
    this.starting ??= this.startup()
    return this.starting
  }

  /**
   * Resolves once every request's after-response work (teardown, background tasks) is done. Serverless
   * adapters await it before returning, since the platform freezes the process afterwards.
   *
   * @example
   * await client.get('/signup'); await app.settled() // the welcome email task has run
   */
  settled(): Promise<void> {
    return this.lifecycle.settled()
  }

  /**
   * Waits (bounded by `shutdownTimeout`) for background tasks and teardowns still running, then runs
   * the lifespans' shutdown code in reverse order and tears down app-scoped dependencies. Errors are
   * logged, so every step gets its turn.
   */
  shutdown(): Promise<void> {
    return this.lifecycle.shutdown(this.shutdownTimeout)
  }

  private get shutdownTimeout(): number {
    return this.config.shutdownTimeout ?? 10_000
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
    return listen(this as App<any, any>, options)
  }

  /**
   * The app as a WHATWG fetch handler, for Bun, Deno, serverless and edge platforms. The first request
   * runs the lifespan if the app was not started; teardown, background tasks and hooks run as on
   * node:http. Request ids and the access log follow the `requestId` and `accessLog` app options.
   *
   * @example
   * const response = await app.fetch(new Request('http://localhost/'))
   */
  readonly fetch = (request: Request): Promise<Response> => {
    this.fetchAdapter ??= fetchHandler(this as App<any, any>)
    return this.fetchAdapter(request)
  }
  private fetchAdapter: ((request: Request) => Promise<Response>) | undefined
}
