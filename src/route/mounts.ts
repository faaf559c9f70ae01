import { WharfError } from '../errors.ts'
import type { Exchange } from '../exchange.ts'
import type { Pipeline } from '../pipeline/pipeline.ts'
import type { Delivery } from '../pipeline/sink.ts'
import type { RequestView } from '../request.ts'
import { type HTTPResponse, redirect } from '../response.ts'
import { MountedRequest } from './mounted-request.ts'

/**
 * What `app.mount()` accepts: another Wharf app, a `StaticFiles`, or anything that answers a request
 * view (its URL relative to the mount point). `handle` may reject with an `HTTPException`: the parent
 * app's exception handlers answer it, as Starlette's do for a mounted `StaticFiles`.
 */
export interface Mountable {
  handle(request: RequestView): Promise<HTTPResponse>
}

/** A Wharf app: mounted through its own pipeline (middleware, exception handlers, after-response work). */
interface MountableApp extends Mountable {
  pipeline(): Pipeline
}

interface Mount {
  prefix: string
  target: Mountable
}

/**
 * The apps mounted under path prefixes (Starlette's `Mount`). A request whose path is the prefix or
 * below it, and that no route of the parent matched, goes to the mounted app with the prefix moved to
 * `rootPath`. The longest prefix wins.
 */
export class Mounts {
  private readonly entries: Mount[] = []

  /** Adds a mount; `prefix` must start with `/` and not end with one (`/static`). */
  add(prefix: string, target: Mountable): void {
    const normalized = prefix.endsWith('/') ? prefix.slice(0, -1) : prefix
    if (!normalized.startsWith('/') || normalized.includes('{') || normalized.includes(':')) {
      throw new WharfError(
        'WHARF_ROUTE_INVALID_PATH',
        `mount "${prefix}" must be a plain path like "/static"`,
      )
    }
    if (this.entries.some((entry) => entry.prefix === normalized)) {
      throw new WharfError('WHARF_ROUTE_DUPLICATE', `two apps are mounted at "${normalized}"`)
    }
    this.entries.push({ prefix: normalized, target })
    this.entries.sort((a, b) => b.prefix.length - a.prefix.length)
  }

  get size(): number {
    return this.entries.length
  }

  /** The mount a path belongs to, if any. */
  find(pathname: string): Mount | undefined {
    return this.entries.find(({ prefix }) => pathname === prefix || pathname.startsWith(`${prefix}/`))
  }

  /** Serves the request with the mounted app; the route reported to hooks and logs is the prefix. */
  dispatch(mount: Mount, exchange: Exchange): Promise<HTTPResponse> {
    const { request } = exchange
    const rest = request.url.slice(mount.prefix.length)
    // `/static` itself: 307 to `/static/`, as Starlette's slash redirect does for a mount.
    if (!rest.startsWith('/')) {
      const host = request.headers.host ?? 'localhost'
      return Promise.resolve(redirect(`${request.scheme}://${host}${mount.prefix}/${rest}`, 307))
    }
    const view = new MountedRequest(request, mount.prefix, rest)
    exchange.ctx.route = `${mount.prefix}/{path:path}`
    const { target } = mount
    return isApp(target) ? serveApp(target, view, exchange) : target.handle(view)
  }
}

function isApp(target: Mountable): target is MountableApp {
  return typeof (target as Partial<MountableApp>).pipeline === 'function'
}

/**
 * Runs the mounted app's own pipeline. Its after-response work (teardown, background tasks) waits for
 * the parent's response to be over: the mounted pipeline's delivery resolves from the parent's.
 */
function serveApp(app: MountableApp, view: RequestView, parent: Exchange): Promise<HTTPResponse> {
  return new Promise((resolve) => {
    app.pipeline().handler()(view, (response, watch) => {
      resolve(response)
      if (!watch) return undefined
      return new Promise<Delivery>((delivered) => {
        parent.afterResponse(async () =>
          delivered({ status: response.status, bytes: 0, aborted: parent.request.signal.aborted }),
        )
      })
    })
  })
}
