import { existsSync, statSync } from 'node:fs'
import { resolve } from 'node:path'
import { pathToFileURL } from 'node:url'
import type { App } from '../app.ts'
import { explainTypeScriptSyntax } from './typescript-syntax.ts'
import { UsageError } from './usage-error.ts'

/** Files `wharf` looks for, in this order, when no app file is given (like `fastapi dev` finds main.py). */
export const DEFAULT_APP_FILES = ['app.ts', 'main.ts', 'src/app.ts', 'src/main.ts', 'app.js', 'main.js']

/** An app target split into its file and the export that holds the app. */
export interface AppTarget {
  /** Absolute path of the module. */
  file: string
  /** The export named after `:`, if any; otherwise `app`, then `default`, is used. */
  exportName: string | undefined
}

/**
 * Resolves `file[:export]` (uvicorn's `module:attribute`) to an existing file. Without a target, the
 * first of `DEFAULT_APP_FILES` found in the working directory. A missing file is a `UsageError`.
 *
 * @example
 * resolveTarget('src/server.ts:api') // { file: '/home/me/project/src/server.ts', exportName: 'api' }
 */
export function resolveTarget(target: string | undefined): AppTarget {
  if (target === undefined) {
    const found = DEFAULT_APP_FILES.find((file) => existsSync(file))
    if (found === undefined) {
      throw new UsageError(`no app file given, and none of ${DEFAULT_APP_FILES.join(', ')} exists here`)
    }
    return { file: resolve(found), exportName: undefined }
  }
  // The last `:` followed by an identifier names the export (a Windows drive letter's `C:\` does not).
  const match = /^(.*):([A-Za-z_$][\w$]*)$/.exec(target)
  const path = match ? match[1]! : target
  const file = resolve(path)
  if (!existsSync(file) || !statSync(file).isFile()) throw new UsageError(`app file not found: ${path}`)
  return { file, exportName: match?.[2] }
}

/** True for a Wharf app; checked by shape, so an app built by another copy of Wharf still counts. */
function isApp(value: unknown): value is App<any, any> {
  const candidate = value as App<any, any> | null
  return (
    typeof candidate === 'object' &&
    candidate !== null &&
    typeof candidate.handle === 'function' &&
    typeof candidate.build === 'function' &&
    typeof candidate.startup === 'function'
  )
}

/**
 * Imports the target's module and returns its app: the named export, else `app`, else the default
 * export. TypeScript files load directly (Node strips the types; only erasable syntax, so no `enum`
 * or parameter properties: those are a `CommandError` naming the file, line and fix). A wrong export is
 * a `UsageError`; errors the module throws propagate.
 *
 * @example
 * const app = await loadApp(resolveTarget('examples/seed/app.ts'))
 */
export async function loadApp(target: AppTarget): Promise<App<any, any>> {
  let module: Record<string, unknown>
  try {
    module = (await import(pathToFileURL(target.file).href)) as Record<string, unknown>
  } catch (error) {
    throw explainTypeScriptSyntax(error)
  }
  const names = target.exportName ? [target.exportName] : ['app', 'default']
  for (const name of names) {
    if (isApp(module[name])) return module[name]
  }
  const shown = target.exportName ? `export "${target.exportName}"` : 'an "app" export or a default export'
  const available = Object.keys(module).filter((name) => isApp(module[name]))
  const hint = available.length > 0 ? ` (apps exported: ${available.join(', ')})` : ''
  throw new UsageError(`${target.file} has no Wharf app as ${shown}${hint}`)
}
