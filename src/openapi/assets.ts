import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'
import { joinPaths } from '../route/path.ts'

/** One file of a docs UI package, and the URL it is served at. */
export interface DocsAsset {
  url: string
  file: string
}

/** The Swagger UI files `/docs` needs, from the installed `swagger-ui-dist` package. */
export interface SwaggerAssets {
  css: DocsAsset
  bundle: DocsAsset
  favicon: DocsAsset
  oauth2Redirect: DocsAsset
}

const require = createRequire(import.meta.url)

/** The folder and version of an installed package, found by Node's own resolution (works offline). */
function installed(name: string): { dir: string; version: string } {
  const manifest = require.resolve(`${name}/package.json`)
  const { version } = JSON.parse(readFileSync(manifest, 'utf8')) as { version: string }
  return { dir: dirname(manifest), version }
}

/**
 * Swagger UI's files, served under `docsUrl` in a folder named after the package version, so they can
 * be cached forever (`immutable`): upgrading the package changes every URL.
 *
 * @example
 * swaggerAssets('/docs').bundle.url // '/docs/swagger-ui-dist@5.35.0/swagger-ui-bundle.js'
 */
export function swaggerAssets(docsUrl: string): SwaggerAssets {
  const { dir, version } = installed('swagger-ui-dist')
  const asset = (file: string): DocsAsset => ({
    url: joinPaths(docsUrl, `/swagger-ui-dist@${version}/${file}`),
    file: join(dir, file),
  })
  return {
    css: asset('swagger-ui.css'),
    bundle: asset('swagger-ui-bundle.js'),
    favicon: asset('favicon-32x32.png'),
    oauth2Redirect: asset('oauth2-redirect.js'),
  }
}

/**
 * ReDoc's standalone bundle, served under `redocUrl` in a folder named after the package version.
 *
 * @example
 * redocAsset('/redoc').url // '/redoc/redoc@2.5.4/redoc.standalone.js'
 */
export function redocAsset(redocUrl: string): DocsAsset {
  const { dir, version } = installed('redoc')
  return {
    url: joinPaths(redocUrl, `/redoc@${version}/redoc.standalone.js`),
    file: join(dir, 'bundles', 'redoc.standalone.js'),
  }
}
