import { realpathSync, statSync } from 'node:fs'
import { stat } from 'node:fs/promises'
import { HTTPException, WharfError } from '../errors.ts'
import { realPathInside, safeSegments } from '../files/safe-path.ts'
import { type FileRequest, sendFile } from '../files/send-file.ts'
import { type Coding, negotiateEncoding } from '../middleware/accept-encoding.ts'
import type { RequestView } from '../request.ts'
import { type HeaderMap, type HTTPResponse, redirect } from '../response.ts'
import { Router } from '../router.ts'

/** Options of `new StaticFiles()`. Each is documented once, here. */
export interface StaticFilesOptions {
  /** The folder to serve. It must exist when the app is made (Starlette's `check_dir`). */
  directory: string
  /**
   * HTML mode (Starlette's `html=True`): a folder is answered with its `index.html` (after a 307 to
   * the path with a trailing slash), and a missing file with `404.html` when there is one. Default false.
   */
  html?: boolean
  /**
   * Serve `name.br` / `name.gz` next to `name` instead of it when the client accepts that encoding
   * (build tools make them); the answer keeps `name`'s content type and says `Vary: Accept-Encoding`.
   * Default false.
   */
  precompressed?: boolean
  /** `Cache-Control` of every file, or a function of the file's path (relative, `/`-separated). Default none. */
  cacheControl?: string | ((path: string) => string | undefined)
  /**
   * Files whose relative path matches get `Cache-Control: public, max-age=31536000, immutable`: content-
   * hashed assets (`app.3f9a1c.js`) never change under their name, so browsers need not revalidate them.
   *
   * @example
   * new StaticFiles({ directory: 'dist', immutable: /\.[0-9a-f]{6,}\.\w+$/ })
   */
  immutable?: RegExp
  /** Serve files and folders whose name starts with a dot (`.env`, `.git/`). Default false: 404. */
  dotfiles?: boolean
}

const IMMUTABLE = 'public, max-age=31536000, immutable'
const CODINGS: readonly Coding[] = ['br', 'gzip']
const SUFFIX: Record<Coding, string> = { br: '.br', gzip: '.gz' }

/**
 * Serves a folder (Starlette's `StaticFiles`): content types from `mime-types`, strong ETags and
 * `Last-Modified` with 304 answers, `Range` requests (206, 416), HEAD, optional `Cache-Control` and
 * precompressed variants. Nothing outside the folder can be reached: `..` (encoded or not),
 * backslashes, NUL bytes and symbolic links pointing out of it all answer 404.
 *
 * @example
 * import { App, StaticFiles } from 'wharfjs'
 * const app = new App()
 * app.include(new StaticFiles({ directory: 'public', html: true }).router('/static'))
 */
export class StaticFiles {
  /** The folder's real path (links resolved): every file served must be inside it. */
  readonly root: string
  private readonly options: StaticFilesOptions

  constructor(options: StaticFilesOptions) {
    const info = statSync(options.directory, { throwIfNoEntry: false })
    if (!info?.isDirectory()) {
      throw new WharfError('WHARF_STATIC_DIRECTORY', `"${options.directory}" is not a folder`)
    }
    this.root = realpathSync(options.directory)
    this.options = options
  }

  /**
   * Answers a request for `path`, the part of the URL below where the files are served, percent-decoded
   * once (as a `{path:path}` parameter is). Rejects with a 404 `HTTPException` when there is no such
   * file, so the app's exception handlers shape the answer.
   *
   * @example
   * app.get('/assets/{path:path}', ({ request, path }) => assets.serve(request, path.path))
   */
  async serve(request: FileRequest & { readonly url: string }, path: string): Promise<HTTPResponse> {
    const segments = safeSegments(path, this.options.dotfiles ?? false)
    if (segments === undefined) throw notFound()
    const real = await realPathInside(this.root, segments)
    const info = real === undefined ? undefined : await stat(real).catch(() => undefined)
    if (real !== undefined && info?.isFile()) return this.sendAsset(request, real, segments.join('/'))
    if (this.options.html) {
      if (info?.isDirectory()) {
        const index = await this.findFile([...segments, 'index.html'])
        if (index !== undefined) {
          if (!pathOf(request.url).endsWith('/')) return redirectToFolder(request.url)
          return this.sendAsset(request, index, [...segments, 'index.html'].join('/'))
        }
      }
      const page = await this.findFile(['404.html'])
      if (page !== undefined) return sendFile(request, page, { status: 404 })
    }
    throw notFound()
  }

  /**
   * The mountable form: answers a request whose URL is relative to where the files are mounted. GET
   * and HEAD only (405 otherwise); a URL that does not decode is a 404.
   */
  handle(request: RequestView): Promise<HTTPResponse> {
    if (request.method !== 'GET' && request.method !== 'HEAD') {
      return Promise.reject(new HTTPException(405, 'Method Not Allowed', { headers: { allow: 'GET, HEAD' } }))
    }
    let path: string
    try {
      path = decodeURIComponent(pathOf(request.url))
    } catch {
      return Promise.reject(notFound())
    }
    return this.serve(request, path)
  }

  /**
   * A router serving the files under `prefix` (GET and HEAD, left out of the OpenAPI document), for
   * `app.include()`.
   *
   * @example
   * app.include(new StaticFiles({ directory: 'public' }).router('/static'))
   */
  router(prefix: string): Router {
    const router = new Router({ prefix })
    const options = { includeInSchema: false }
    const serve = (ctx: { request: RequestView; path: { path: string } }) =>
      this.serve(ctx.request, ctx.path.path)
    router.get('/{path:path}', options, serve)
    router.head('/{path:path}', options, serve)
    return router
  }

  private async findFile(segments: string[]): Promise<string | undefined> {
    const real = await realPathInside(this.root, segments)
    if (real === undefined) return undefined
    const info = await stat(real).catch(() => undefined)
    return info?.isFile() ? real : undefined
  }

  private async sendAsset(request: FileRequest, real: string, relative: string): Promise<HTTPResponse> {
    const headers: HeaderMap = {}
    const cacheControl = this.cacheControlFor(relative)
    if (cacheControl !== undefined) headers['cache-control'] = cacheControl
    if (!this.options.precompressed) return sendFile(request, real, { headers })
    headers.vary = 'Accept-Encoding'
    const variant = await this.variantOf(relative, request.headers['accept-encoding'])
    if (variant === undefined) return sendFile(request, real, { headers })
    headers['content-encoding'] = variant.coding
    return sendFile(request, variant.path, { headers, typeFrom: real })
  }

  /** The precompressed file the client accepts best, among those that exist. */
  private async variantOf(
    relative: string,
    accept: string | undefined,
  ): Promise<{ coding: Coding; path: string } | undefined> {
    const offered = [...CODINGS]
    for (;;) {
      const coding = negotiateEncoding(accept, offered)
      if (coding === undefined) return undefined
      const path = await this.findFile(`${relative}${SUFFIX[coding]}`.split('/'))
      if (path !== undefined) return { coding, path }
      offered.splice(offered.indexOf(coding), 1)
    }
  }

  private cacheControlFor(path: string): string | undefined {
    if (this.options.immutable?.test(path)) return IMMUTABLE
    const { cacheControl } = this.options
    return typeof cacheControl === 'function' ? cacheControl(path) : cacheControl
  }
}

function notFound(): HTTPException {
  return new HTTPException(404, 'Not Found')
}

function pathOf(url: string): string {
  const mark = url.indexOf('?')
  return mark === -1 ? url : url.slice(0, mark)
}

/**
 * 307 to the folder's URL with a trailing slash, as a relative reference (`./docs/`): it resolves
 * against whatever URL the client used, so it is right behind a mount, a router prefix or a proxy.
 */
function redirectToFolder(url: string): HTTPResponse {
  const mark = url.indexOf('?')
  const path = mark === -1 ? url : url.slice(0, mark)
  const query = mark === -1 ? '' : url.slice(mark)
  return redirect(`./${path.slice(path.lastIndexOf('/') + 1)}/${query}`, 307)
}
