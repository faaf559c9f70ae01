// Copies the files the docs pages serve (Swagger UI at /docs, ReDoc at /redoc) from the devDependencies
// swagger-ui-dist and redoc into dist/vendor/, with their licences. `npm run build` runs it, so the
// packed tarball carries them: a user's install gets two prebuilt browser bundles instead of redoc's
// dependency tree (React, mobx, core-js...) and swagger-ui-dist's telemetry postinstall (@scarf/scarf).
//
// Usage: node scripts/vendor-docs-ui.ts
import { copyFileSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

const require = createRequire(import.meta.url)
const VENDOR = fileURLToPath(new URL('../dist/vendor/', import.meta.url))

/**
 * ReDoc's bundle always renders an "API docs by Redocly" logo loaded from its CDN. Offline the load
 * fails and ReDoc hides it; online it is a request to a third party from every docs page view. The
 * image becomes an inline blank one, so the page makes no request beyond this server.
 */
const REDOC_CDN_LOGO = '"https://cdn.redoc.ly/redoc/logo-mini.svg"'
const BLANK_IMAGE = `"data:image/svg+xml,%3Csvg xmlns='http://www.w3.org/2000/svg' width='1' height='1'/%3E"`

interface Vendored {
  name: string
  /** Files copied as they are, relative to the package folder. */
  files: string[]
  /** Files whose text is changed on the way: each [from, to] must occur, or the build fails. */
  patched?: Record<string, [string, string][]>
}

const PACKAGES: Vendored[] = [
  {
    name: 'swagger-ui-dist',
    files: [
      'swagger-ui.css',
      'swagger-ui-bundle.js',
      'favicon-32x32.png',
      'oauth2-redirect.js',
      'LICENSE',
      'NOTICE',
    ],
  },
  {
    name: 'redoc',
    files: ['LICENSE', 'bundles/redoc.standalone.js.LICENSE.txt'],
    patched: { 'bundles/redoc.standalone.js': [[REDOC_CDN_LOGO, BLANK_IMAGE]] },
  },
]

for (const { name, files, patched = {} } of PACKAGES) {
  const manifest = require.resolve(`${name}/package.json`)
  const from = dirname(manifest)
  const { version, license } = JSON.parse(readFileSync(manifest, 'utf8')) as {
    version: string
    license: string
  }
  const to = join(VENDOR, name)
  rmSync(to, { recursive: true, force: true })
  mkdirSync(to, { recursive: true })
  // Flattened: the served file names are the base names.
  for (const file of files) copyFileSync(join(from, file), join(to, file.split('/').pop()!))
  for (const [file, replacements] of Object.entries(patched)) {
    let text = readFileSync(join(from, file), 'utf8')
    for (const [search, replacement] of replacements) {
      if (!text.includes(search)) throw new Error(`${name}@${version} ${file} no longer contains ${search}`)
      text = text.replaceAll(search, replacement)
    }
    writeFileSync(join(to, file.split('/').pop()!), text)
  }
  writeFileSync(join(to, 'package.json'), `${JSON.stringify({ name, version, license }, null, 2)}\n`)
}
