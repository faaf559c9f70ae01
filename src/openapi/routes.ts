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
export function docsRoutes(options: DocsRoutesOptions, openapiJson: () => string): RouteDefinition[] {
  const openapiUrl = options.openapiUrl === undefined ? '/openapi.json' : options.openapiUrl
  const docsUrl = options.docsUrl === undefined ? '/docs' : options.docsUrl
  const redocUrl = options.redocUrl === undefined ? '/redoc' : options.redocUrl
  const title = options.title ?? 'Wharf'
  // Without a document the pages would have nothing to show, so they go too (as in FastAPI).
  if (openapiUrl === null) return []
  const routes = [
    get(openapiUrl, () => new HTTPResponse(200, { 'content-type': 'application/json' }, openapiJson())),
  ]
  if (docsUrl !== null) {
    const assets = swaggerAssets(docsUrl)
    const oauth2RedirectUrl = joinPaths(docsUrl, '/oauth2-redirect')
    const page = swaggerPage({
      title,
      openapiUrl,
      oauth2RedirectUrl,
      cssUrl: assets.css.url,
      bundleUrl: assets.bundle.url,
      faviconUrl: assets.favicon.url,
    })
    const redirectPage = oauth2RedirectPage(assets.oauth2Redirect.url)
    routes.push(
      get(docsUrl, () => html(page)),
      get(oauth2RedirectUrl, () => html(redirectPage)),
    )
    for (const asset of Object.values(assets)) routes.push(assetRoute(asset))
  }
  if (redocUrl !== null) {
    const asset = redocAsset(redocUrl)
    const page = redocPage({ title, openapiUrl, scriptUrl: asset.url })
    routes.push(
      get(redocUrl, () => html(page)),
      assetRoute(asset),
    )
  }
  return routes
}

function get(path: string, handler: () => HTTPResponse): RouteDefinition {
  return { method: 'GET', path, options: { includeInSchema: false }, handler }
}

/** A package file, streamed with its type, length, validators and a long cache lifetime. */
function assetRoute(asset: DocsAsset): RouteDefinition {
  return get(
    asset.url,
    () => new HTTPResponse(200, { 'cache-control': IMMUTABLE }, new FileBody(asset.file, undefined)),
  )
}
