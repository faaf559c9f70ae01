import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { joinPaths } from '../route/path.ts'

/** One file of a docs UI package, and the URL it is served at. */
export interface DocsAsset {
  url: string
  file: string
}

/** The Swagger UI files `/docs` needs, from `swagger-ui-dist` (vendored at build). */
export interface SwaggerAssets {
  css: DocsAsset
  bundle: DocsAsset
  favicon: DocsAsset
  oauth2Redirect: DocsAsset
}

/**
 * Where the build puts the docs UI files (scripts/vendor-docs-ui.ts copies them from the
 * devDependencies swagger-ui-dist and redoc): `<package>/dist/vendor/`, the same folder whether this
 * module runs from `src/openapi/` or `dist/openapi/`.
 */
const VENDOR = fileURLToPath(new URL('../../dist/vendor/', import.meta.url))

/** The folder and version of a vendored UI package (works offline: plain files of this package). */
function vendored(name: string): { dir: string; version: string } {
  const dir = join(VENDOR, name)
  let manifest: string
  try {
    manifest = readFileSync(join(dir, 'package.json'), 'utf8')
  } catch {
    throw new Error(`${dir} is missing: the docs pages' files are copied there by "npm run build"`)
  }
  const { version } = JSON.parse(manifest) as { version: string }
  return { dir, version }
}

/**
 * Swagger UI's files, served under `docsUrl` in a folder named after the package version, so they can
 * be cached forever (`immutable`): upgrading the package changes every URL.
 *
 * @example
 * swaggerAssets('/docs').bundle.url // '/docs/swagger-ui-dist@5.35.0/swagger-ui-bundle.js'
 */
export function swaggerAssets(docsUrl: string): SwaggerAssets {
  const { dir, version } = vendored('swagger-ui-dist')
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
 * ReDoc's standalone bundle (vendored at build, its CDN logo replaced by an inline image), served under
 * `redocUrl` in a folder named after the package version.
 *
 * @example
 * redocAsset('/redoc').url // '/redoc/redoc@2.5.4/redoc.standalone.js'
 */
export function redocAsset(redocUrl: string): DocsAsset {
  const { dir, version } = vendored('redoc')
  return {
    url: joinPaths(redocUrl, `/redoc@${version}/redoc.standalone.js`),
    file: join(dir, 'redoc.standalone.js'),
  }
}
