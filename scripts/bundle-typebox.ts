// Bundles the parts of TypeBox that Wharf runs (`Type`, exported as `t`, and `Compile`) into one file,
// dist/vendor/typebox.js, and points the built modules at it. `npm run build` runs it after tsc.
//
// Why: TypeBox ships as ~700 small ES modules. Node resolves, reads, compiles and links each one, and
// that is most of the time and memory a Wharf process spends before its first request (importing
// `typebox` and `typebox/compile` took ~250 ms and ~28 MB RSS here; the bundle ~25 ms and ~7 MB).
//
// The bundle is the same TypeBox version as the `typebox` dependency (exact pin, checked below), and
// schemas are plain objects, so schemas built with the package's own `Type` work unchanged. What
// TypeBox keeps in module state that users set through its public entry points (the format registry
// of `typebox/format`, and `Settings` and `Locale` of `typebox/system`) is not copied: the bundle's
// stand-ins for those three modules call the package's own modules, loaded on first use, so a format
// registered with `Format.Set` or a setting changed with `Settings.Set` reaches Wharf as before. Where
// `require()` cannot load an ES module (Node 22 before 22.12), they fall back to the bundled copy.
//
// Usage: node scripts/bundle-typebox.ts (after tsc has written dist/)
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { dirname, join, relative, resolve, sep } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { build } from 'rolldown'

const require = createRequire(import.meta.url)
const DIST = fileURLToPath(new URL('../dist/', import.meta.url))
const BUNDLE = join(DIST, 'vendor', 'typebox.js')
/** `typebox`'s build/ folder, where its entry point index.mjs lives. */
const TYPEBOX = dirname(require.resolve('typebox'))
const PACKAGE = JSON.parse(readFileSync(join(TYPEBOX, '..', 'package.json'), 'utf8'))
const PINNED = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')).dependencies
  .typebox

/** The specifiers Wharf's built modules import at run time, and what each provides. */
const ENTRY = `export { Type } from 'typebox'\nexport { Compile } from 'typebox/compile'\n`
const REWRITTEN = ['typebox', 'typebox/compile']

/** TypeBox's modules whose state users change through the public entry points (build/-relative). */
const SHARED_STATE = ['format/_registry.mjs', 'system/settings/settings.mjs', 'system/locale/_config.mjs']
const OWN = '?bundled-copy'
const SHARED_PREFIX = '\0typebox-shared:'

/** A stand-in module: each export calls the package's own module, or the bundled copy without require(esm). */
async function standIn(file: string): Promise<string> {
  const real = await import(pathToFileURL(join(TYPEBOX, file)).href)
  const names = Object.keys(real)
  for (const name of names) {
    if (typeof real[name] !== 'function') throw new Error(`typebox/build/${file}: ${name} is not a function`)
  }
  return [
    `import * as bundled from ${JSON.stringify(join(TYPEBOX, file) + OWN)}`,
    `import { createRequire } from 'node:module'`,
    `let target`,
    `function shared() {`,
    `  if (target === undefined) {`,
    `    try {`,
    `      const require = createRequire(import.meta.url)`,
    `      target = process.features.require_module`,
    `        ? require(require.resolve('typebox').replace(/index\\.mjs$/, ${JSON.stringify(file)}))`,
    `        : bundled`,
    `    } catch {`,
    `      target = bundled`,
    `    }`,
    `  }`,
    `  return target`,
    `}`,
    ...names.map((name) => `export function ${name}(...args) { return shared().${name}(...args) }`),
  ].join('\n')
}

if (PACKAGE.version !== PINNED) {
  throw new Error(`typebox ${PACKAGE.version} is installed but package.json pins ${PINNED}: run npm ci`)
}

const shared = new Set(SHARED_STATE.map((file) => join(TYPEBOX, file)))
await build({
  input: 'wharf-typebox-entry',
  platform: 'node',
  logLevel: 'warn',
  plugins: [
    {
      name: 'wharf-typebox',
      resolveId(source, importer) {
        if (source === 'wharf-typebox-entry') return source
        if (source.endsWith(OWN)) return source.slice(0, -OWN.length)
        if (importer && source.startsWith('.')) {
          const path = resolve(dirname(importer), source)
          if (shared.has(path)) return SHARED_PREFIX + relative(TYPEBOX, path).split(sep).join('/')
        }
        return null
      },
      async load(id) {
        if (id === 'wharf-typebox-entry') return ENTRY
        if (id.startsWith(SHARED_PREFIX)) return standIn(id.slice(SHARED_PREFIX.length))
        return null
      },
    },
  ],
  output: {
    file: BUNDLE,
    format: 'esm',
    // One-byte source: a single non-ASCII character (IDN checks) made V8 hold the whole text as UTF-16.
    charset: 'ascii',
    // Comments only cost memory here (V8 keeps the source); the licence stays in the banner.
    comments: { legal: true, annotation: false, jsdoc: false },
    banner: `// TypeBox ${PACKAGE.version} (MIT licence, https://github.com/sinclairzx81/typebox), bundled by scripts/bundle-typebox.ts.`,
  },
})

/** Every .js file under `folder`. */
function scripts(folder: string): string[] {
  return readdirSync(folder).flatMap((name) => {
    const path = join(folder, name)
    if (statSync(path).isDirectory()) return name === 'vendor' ? [] : scripts(path)
    return name.endsWith('.js') ? [path] : []
  })
}

let rewrites = 0
const pattern = new RegExp(`from '(${REWRITTEN.join('|')})'`, 'g')
for (const path of scripts(DIST)) {
  const source = readFileSync(path, 'utf8')
  const target = relative(dirname(path), BUNDLE).split(sep).join('/')
  const rewritten = source.replace(pattern, () => {
    rewrites++
    return `from '${target.startsWith('.') ? target : `./${target}`}'`
  })
  if (/from 'typebox/.test(rewritten)) throw new Error(`${path} imports a TypeBox entry the bundle lacks`)
  if (rewritten !== source) writeFileSync(path, rewritten)
}
if (rewrites === 0) throw new Error('no built module imports typebox: is dist/ built?')
