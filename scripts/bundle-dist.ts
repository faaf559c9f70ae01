// Replaces the JavaScript tsc wrote to dist/, one file per source module, with one file per entry
// point of the package (and of `bin/wharf.js`) plus the chunks they share. `npm run build` runs it
// last, after scripts/bundle-typebox.ts. Type declarations (*.d.ts) stay one per module; the bundle's
// source maps lead back to src/ through tsc's.
//
// Why: Node resolves, reads, compiles and links every ES module on its own, and that cost is per
// module, not per byte. Wharf's ~180 modules were most of what a `wharf run` hello app spends before
// its first response (CPU time to the first response, medians of 7 runs: 210 ms with one file per
// module, 110 ms bundled; Fastify's hello 210 ms).
//
// What must not change, and how it does not:
// - Every entry keeps its path (package.json `exports`, `bin/wharf.js` → dist/cli/main.js), and
//   code shared by several entries lives once, in a shared chunk: one class per process, whichever
//   entry imported it.
// - `keepNames`: functions and classes keep their `name` where bundling renames a clashing binding.
// - Dependencies stay external (imported from node_modules as before); only Wharf's own modules and
//   the TypeBox bundle (dist/vendor/typebox.js) go in.
// - Modules that find files relative to their own location (import.meta.url) are placed in
//   dist/chunks/, two folders below the package root as their sources are (src/openapi/assets.ts).
//
// Usage: node scripts/bundle-dist.ts (after tsc, vendor-docs-ui and bundle-typebox)
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync } from 'node:fs'
import { dirname, join, relative, resolve, sep } from 'node:path'
import { fileURLToPath } from 'node:url'
import { build } from 'rolldown'

const DIST = fileURLToPath(new URL('../dist/', import.meta.url))
// Built beside dist/, at its depth, so that the source maps' relative paths hold once moved into it.
const OUT = join(DIST, '..', '.dist-bundle')
const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as {
  exports: Record<string, { default: string }>
}

/** Entry name (its path below dist/, without .js) → built module, for every export and the CLI. */
const entries: Record<string, string> = { 'cli/main': join(DIST, 'cli', 'main.js') }
for (const target of Object.values(pkg.exports)) {
  const file = join(DIST, '..', target.default)
  entries[relative(DIST, file).replace(/\.js$/, '').split(sep).join('/')] = file
}

/** Modules that locate files from import.meta.url: they must sit two folders below the package. */
const LOCATED = /[\\/]dist[\\/]openapi[\\/]assets\.js$/

/** Every file under `folder`, vendor/ and the bundle's own output excepted. */
function files(folder: string): string[] {
  return readdirSync(folder).flatMap((name) => {
    const path = join(folder, name)
    if (statSync(path).isDirectory()) return name === 'vendor' ? [] : files(path)
    return [path]
  })
}

rmSync(OUT, { recursive: true, force: true })
await build({
  input: entries,
  platform: 'node',
  logLevel: 'warn',
  // Bare specifiers (dependencies, node: built-ins) stay imports; relative ones are Wharf's modules.
  external: (id) => !id.startsWith('.') && !id.startsWith('/') && !id.startsWith('\0'),
  plugins: [
    {
      // tsc's source maps go in with each module, so the bundle's maps lead back to src/*.ts.
      name: 'wharf-tsc-source-maps',
      load(id) {
        if (!id.endsWith('.js') || !existsSync(`${id}.map`)) return null
        const map = JSON.parse(readFileSync(`${id}.map`, 'utf8')) as { sources: string[] }
        // Absolute, so that they are rebased onto the bundle's own folder (relative ones are kept as is).
        map.sources = map.sources.map((source) => resolve(dirname(id), source))
        return { code: readFileSync(id, 'utf8'), map: JSON.stringify(map) }
      },
    },
  ],
  output: {
    sourcemap: true,
    dir: OUT,
    format: 'esm',
    keepNames: true,
    entryFileNames: '[name].js',
    chunkFileNames: 'chunks/[name]-[hash].js',
    codeSplitting: { groups: [{ name: 'docs-assets', test: LOCATED }] },
  },
})

// The per-module JavaScript and its source maps give way to the bundle's.
for (const path of files(DIST)) {
  if (/\.js(\.map)?$/.test(path)) rmSync(path)
}
rmSync(join(DIST, 'vendor', 'typebox.js'))
for (const path of files(OUT)) {
  const target = join(DIST, relative(OUT, path))
  mkdirSync(dirname(target), { recursive: true })
  renameSync(path, target)
}
rmSync(OUT, { recursive: true, force: true })
