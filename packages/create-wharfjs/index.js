#!/usr/bin/env node
// `npm create wharfjs my-app` (npm runs this package's bin): writes a new Wharf project into my-app/.
// Plain JavaScript with no dependencies, so npm can run it straight from the registry.
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs'
import { basename, join, relative, resolve } from 'node:path'

const TEMPLATE = new URL('./template/', import.meta.url)
/** Template files and where they go (npm drops files named .gitignore from packages). */
const FILES = [
  ['app.ts', 'app.ts'],
  ['test/app.test.ts', 'test/app.test.ts'],
  ['tsconfig.json', 'tsconfig.json'],
  ['README.md', 'README.md'],
  ['gitignore', '.gitignore'],
]

const USAGE = `Usage: npm create wharfjs <folder>

Creates a Wharf app in <folder> (new or empty): app.ts, a test, tsconfig.json and package.json.
`

function main(argv) {
  const [target, ...extra] = argv.filter((arg) => arg !== '--')
  if (target === '--help' || target === '-h') {
    process.stdout.write(USAGE)
    return 0
  }
  if (target === undefined || target.startsWith('-') || extra.length > 0) {
    process.stderr.write(`Error: give one folder to create the app in.\n\n${USAGE}`)
    return 2
  }
  const dir = resolve(target)
  if (existsSync(dir) && readdirSync(dir).length > 0) {
    process.stderr.write(`Error: ${target} is not empty; give a new or empty folder.\n`)
    return 1
  }
  const name = packageName(basename(dir))
  const { version } = JSON.parse(readFileSync(new URL('./package.json', import.meta.url), 'utf8'))
  mkdirSync(join(dir, 'test'), { recursive: true })
  for (const [from, to] of FILES) {
    const text = readFileSync(new URL(from, TEMPLATE), 'utf8').replaceAll('{{name}}', name)
    writeFileSync(join(dir, to), text)
  }
  writeFileSync(join(dir, 'package.json'), `${JSON.stringify(manifest(name, version), null, 2)}\n`)
  const where = relative(process.cwd(), dir) || '.'
  process.stdout.write(
    `Created ${name} in ${where}.\n\n  cd ${where}\n  npm install\n  npm run dev    # http://127.0.0.1:8000, docs at /docs\n  npm test\n`,
  )
  return 0
}

/** The project's package.json: Wharf, the two commands, and what type-checking needs. */
function manifest(name, version) {
  return {
    name,
    version: '0.1.0',
    private: true,
    type: 'module',
    engines: { node: '>=22.18' },
    scripts: {
      dev: 'wharf dev app.ts',
      start: 'wharf run app.ts',
      test: 'node --test test/*.test.ts',
      typecheck: 'tsc',
    },
    // create-wharfjs is released with wharfjs, under the same version.
    dependencies: { wharfjs: `^${version}` },
    devDependencies: { '@types/node': '^24.0.0', typescript: '^7.0.0' },
  }
}

/** A folder name as an npm package name: lower case, URL-safe. */
function packageName(folder) {
  const name = folder
    .toLowerCase()
    .replace(/[^a-z0-9._~-]+/g, '-')
    .replace(/^[._-]+|-+$/g, '')
  return name || 'wharf-app'
}

process.exitCode = main(process.argv.slice(2))
