import { execFile } from 'node:child_process'
import {
  copyFileSync,
  cpSync,
  existsSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs'
import { tmpdir } from 'node:os'
import { basename, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { promisify } from 'node:util'
import { type Folder, folderAt } from '../cli/harness.ts'

const run = promisify(execFile)
const ROOT = fileURLToPath(new URL('../../', import.meta.url))

interface LockEntry {
  version?: string
  dev?: boolean
  dependencies?: Record<string, string>
  optionalDependencies?: Record<string, string>
  peerDependencies?: Record<string, string>
  peerDependenciesMeta?: Record<string, { optional?: boolean }>
  [field: string]: unknown
}

/**
 * The environment for a child npm: this Node first on PATH (npm's own `#!/usr/bin/env node` picks it),
 * and none of the `npm_*` variables the outer `npm test` set, which would point npm back at this repo.
 */
export function npmEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {}
  for (const [name, value] of Object.entries(process.env)) {
    if (!name.toLowerCase().startsWith('npm_')) env[name] = value
  }
  env.PATH = `${join(process.execPath, '..')}:${process.env.PATH ?? ''}`
  env.NO_COLOR = '1'
  return env
}

/** Runs npm in `cwd`, bounded in time; a failure carries npm's output. */
export async function npm(cwd: string, args: string[], timeoutMs = 120_000): Promise<string> {
  const { stdout } = await run('npm', args, { cwd, env: npmEnv(), timeout: timeoutMs, maxBuffer: 16 << 20 })
  return stdout
}

/** What a clone of the repo needs to build and pack Wharf (dist/ deliberately not among them). */
const PACKAGE_SOURCES = [
  'package.json',
  'package-lock.json',
  'tsconfig.json',
  'tsconfig.build.json',
  'README.md',
  'LICENSE',
  'bin',
  'scripts',
  'src',
]

/**
 * `npm pack` of Wharf as on a fresh clone: the sources are copied to a temp folder without `dist/`
 * (sharing this repo's node_modules), so `prepack` must build it, and building there cannot disturb
 * tests running from this repo's `dist/`. Returns the tarball's path, in a temp folder of its own.
 */
export async function pack(): Promise<string> {
  const clone = mkdtempSync(join(tmpdir(), 'wharf-clone-'))
  for (const entry of PACKAGE_SOURCES) {
    if (existsSync(join(ROOT, entry))) cpSync(join(ROOT, entry), join(clone, entry), { recursive: true })
  }
  symlinkSync(join(ROOT, 'node_modules'), join(clone, 'node_modules'), 'dir')
  const destination = mkdtempSync(join(tmpdir(), 'wharf-pack-'))
  try {
    const out = await npm(clone, ['pack', '--pack-destination', destination, '--json', '--loglevel=error'])
    const [{ filename }] = JSON.parse(out) as [{ filename: string }]
    return join(destination, filename)
  } finally {
    rmSync(clone, { recursive: true, force: true })
  }
}

/**
 * The locked entries (from this repo's package-lock.json) that `names` need, with their dependencies,
 * resolved the way Node does: a nested `node_modules` first, then each parent folder's.
 */
function lockedClosure(names: string[]): Record<string, LockEntry> {
  const packages = (
    JSON.parse(readFileSync(join(ROOT, 'package-lock.json'), 'utf8')) as {
      packages: Record<string, LockEntry>
    }
  ).packages
  const found: Record<string, LockEntry> = {}
  const visit = (from: string, name: string, optional: boolean): void => {
    for (let base = from; ; ) {
      const key = `${base ? `${base}/` : ''}node_modules/${name}`
      if (packages[key]) {
        if (found[key]) return
        const { dev: _dev, devOptional: _devOptional, ...entry } = packages[key]
        found[key] = entry
        const deps = { ...entry.dependencies, ...entry.optionalDependencies }
        for (const dep of Object.keys(deps)) visit(key, dep, dep in (entry.optionalDependencies ?? {}))
        for (const dep of Object.keys(entry.peerDependencies ?? {})) {
          if (!entry.peerDependenciesMeta?.[dep]?.optional) visit(key, dep, false)
        }
        return
      }
      if (base === '') break
      const parent = base.lastIndexOf('/node_modules/')
      base = parent === -1 ? '' : base.slice(0, parent)
    }
    if (!optional) throw new Error(`${name} (needed by ${from || 'the project'}) is not in package-lock.json`)
  }
  for (const name of names) visit('', name, false)
  return found
}

/** A new npm project in a temp folder outside the repo, with the Wharf tarball installed in it. */
export type Project = Folder

/**
 * Creates (or completes, when `dir` already holds a package.json) a project depending on the packed
 * Wharf `tarball`, and installs it with `npm ci --offline`. The lockfile is written from this repo's:
 * the same versions `npm ci` put in npm's cache (CI runs `npm ci` first), so no registry is asked.
 * `devDependencies` of the project must be locked in this repo too (typescript, @types/node...).
 *
 * @example
 * const project = await installedProject(await pack())
 */
export async function installedProject(
  tarball: string,
  dir = mkdtempSync(join(tmpdir(), 'wharf-project-')),
): Promise<Project> {
  const ownPackage = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as LockEntry & {
    license: string
    bin: Record<string, string>
    engines: Record<string, string>
  }
  let manifest: {
    name?: string
    dependencies?: Record<string, string>
    devDependencies?: Record<string, string>
  }
  try {
    manifest = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'))
  } catch {
    manifest = { name: 'wharf-user-project' }
    Object.assign(manifest, { private: true, type: 'module' })
  }
  copyFileSync(tarball, join(dir, basename(tarball)))
  const spec = `file:${basename(tarball)}`
  manifest.dependencies = { ...manifest.dependencies, wharfjs: spec }
  const devNames = Object.keys(manifest.devDependencies ?? {})
  const closure = lockedClosure([...Object.keys(ownPackage.dependencies ?? {}), ...devNames])
  const lock = {
    name: manifest.name,
    lockfileVersion: 3,
    requires: true,
    packages: {
      '': {
        name: manifest.name,
        dependencies: manifest.dependencies,
        devDependencies: manifest.devDependencies,
      },
      'node_modules/wharfjs': {
        version: ownPackage.version,
        resolved: spec,
        license: ownPackage.license,
        dependencies: ownPackage.dependencies,
        bin: ownPackage.bin,
        engines: ownPackage.engines,
      },
      ...closure,
    },
  }
  // A dev dependency's version must be the locked one, or `npm ci` refuses the lockfile.
  for (const name of devNames) manifest.devDependencies![name] = closure[`node_modules/${name}`]!.version!
  lock.packages[''].devDependencies = manifest.devDependencies
  writeFileSync(join(dir, 'package.json'), `${JSON.stringify(manifest, null, 2)}\n`)
  writeFileSync(join(dir, 'package-lock.json'), `${JSON.stringify(lock, null, 2)}\n`)
  await npm(dir, ['ci', '--offline', '--no-audit', '--no-fund', '--loglevel=error'])
  return folderAt(dir)
}
