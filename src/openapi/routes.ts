import type { Context } from '../context.ts'
import { FileBody, HTTPResponse, html } from '../response.ts'
import { joinPaths } from '../route/path.ts'
import type { RouteDefinition } from '../route/types.ts'
import { type DocsAsset, redocAsset, swaggerAssets } from './assets.ts'
import type { OpenAPIOptions } from './options.ts'
import { oauth2RedirectPage, redocPage, swaggerPage } from './pages.ts'

/** The app options the docs routes read: the title and the URLs (`null` turns one off). */
export type DocsRoutesOptions = OpenAPIOptions & { title?: string | undefined }

/** Asset URLs carry the package version, so a browser may keep them until the package changes. */
const IMMUTABLE = 'public, max-age=31536000, immutable'

/**
 * The built-in routes: `/openapi.json`, Swagger UI at `/docs` (with `/docs/oauth2-redirect`), ReDoc at
 * `/redoc`, and the UI files they load, served from the installed packages. None of them is in the
 * document (`includeInSchema: false`). `openapiJson` gives the document's text; it is called on each
 * request for it, so it should be memoized.
 *
 * @example
 * const routes = docsRoutes({ title: 'Shop', redocUrl: null }, () => json)
 */
export function docsRoutes(
  options: DocsRoutesOptions,
  openapiJson: (rootPath: string) => string,
): RouteDefinition[] {
  const openapiUrl = options.openapiUrl === undefined ? '/openapi.json' : options.openapiUrl
  const docsUrl = options.docsUrl === undefined ? '/docs' : options.docsUrl
  const redocUrl = options.redocUrl === undefined ? '/redoc' : options.redocUrl
  const title = options.title ?? 'Wharf'
  // Without a document the pages would have nothing to show, so they go too (as in FastAPI).
  if (openapiUrl === null) return []
  const routes = [
    get(
      openapiUrl,
      (root) => new HTTPResponse(200, { 'content-type': 'application/json' }, openapiJson(root)),
    ),
  ]
  if (docsUrl !== null) {
    const assets = swaggerAssets(docsUrl)
    const oauth2RedirectUrl = joinPaths(docsUrl, '/oauth2-redirect')
    // Behind a proxy that mounts the app under a prefix, the browser needs prefixed URLs.
    const page = perRootPath((root) =>
      swaggerPage({
        title,
        openapiUrl: root + openapiUrl,
        oauth2RedirectUrl: root + oauth2RedirectUrl,
        cssUrl: root + assets.css.url,
        bundleUrl: root + assets.bundle.url,
        faviconUrl: root + assets.favicon.url,
      }),
    )
    const redirectPage = perRootPath((root) => oauth2RedirectPage(root + assets.oauth2Redirect.url))
    routes.push(
      get(docsUrl, (root) => html(page(root))),
      get(oauth2RedirectUrl, (root) => html(redirectPage(root))),
    )
    for (const asset of Object.values(assets)) routes.push(assetRoute(asset))
  }
  if (redocUrl !== null) {
    const asset = redocAsset(redocUrl)
    const page = perRootPath((root) =>
      redocPage({ title, openapiUrl: root + openapiUrl, scriptUrl: root + asset.url }),
    )
    routes.push(
      get(redocUrl, (root) => html(page(root))),
      assetRoute(asset),
    )
  }
  return routes
}

/** Memoizes a page per root path: a server has one, so each page is rendered once. */
function perRootPath(render: (root: string) => string): (root: string) => string {
  const pages = new Map<string, string>()
  return (root) => {
    let page = pages.get(root)
    if (page === undefined) pages.set(root, (page = render(root)))
    return page
  }
}

function get(path: string, handler: (rootPath: string) => HTTPResponse): RouteDefinition {
  return {
    method: 'GET',
    path,
    options: { includeInSchema: false },
    handler: (ctx: Context) => handler(ctx.request.rootPath ?? ''),
  }
}

/** A package file, streamed with its type, length, validators and a long cache lifetime. */
function assetRoute(asset: DocsAsset): RouteDefinition {
  return get(
    asset.url,
    () => new HTTPResponse(200, { 'cache-control': IMMUTABLE }, new FileBody(asset.file, undefined)),
  )
}
