import { type FSWatcher, readdirSync, statSync, watch } from 'node:fs'
import { extname, join } from 'node:path'

/** Folders never watched: dependencies, build output and hidden folders (.git) change often and are not source. */
const SKIPPED_FOLDERS = new Set(['node_modules', 'dist', 'build', 'coverage'])
/** Files whose change restarts the app. */
const SOURCE_EXTENSIONS = new Set(['.ts', '.mts', '.cts', '.js', '.mjs', '.cjs', '.json'])

/** Options of `watchSources`. */
export interface WatchOptions {
  /** Quiet time after the last change before `onChange` fires (editors write a file in several steps). */
  debounceMs?: number
  /** More files to watch by name, whatever their extension (the `--env-file`). */
  extraFiles?: string[]
}

/**
 * Watches source files under `roots` (recursively, skipping node_modules, build output and hidden
 * folders, which a recursive `fs.watch` would crawl) and calls `onChange` once per burst of changes.
 * New folders are picked up. Returns a function that stops watching.
 *
 * @example
 * const stop = watchSources(['src'], (file) => console.log(`${file} changed`))
 */
export function watchSources(
  roots: string[],
  onChange: (file: string) => void,
  options: WatchOptions = {},
): () => void {
  const watchers = new Map<string, FSWatcher>()
  const extraFiles = new Set(options.extraFiles ?? [])
  let timer: NodeJS.Timeout | undefined
  let lastFile = ''

  const changed = (file: string) => {
    lastFile = file
    clearTimeout(timer)
    timer = setTimeout(() => onChange(lastFile), options.debounceMs ?? 100)
  }

  const watchFolder = (folder: string) => {
    if (watchers.has(folder)) return
    let watcher: FSWatcher
    try {
      watcher = watch(folder, (_event, name) => {
        if (name === null) return
        const file = join(folder, name)
        if (isFolder(file)) {
          if (!isSkipped(name)) watchTree(file)
        } else if (SOURCE_EXTENSIONS.has(extname(name)) || extraFiles.has(file)) changed(file)
      })
    } catch {
      return // removed meanwhile
    }
    watcher.on('error', () => {
      watcher.close()
      watchers.delete(folder)
    })
    watchers.set(folder, watcher)
  }

  const watchTree = (folder: string) => {
    watchFolder(folder)
    let entries: string[] = []
    try {
      entries = readdirSync(folder, { withFileTypes: true })
        .filter((entry) => entry.isDirectory() && !isSkipped(entry.name))
        .map((entry) => entry.name)
    } catch {
      return
    }
    for (const name of entries) watchTree(join(folder, name))
  }

  for (const root of roots) watchTree(root)
  for (const file of extraFiles) watchFolder(join(file, '..'))
  return () => {
    clearTimeout(timer)
    for (const watcher of watchers.values()) watcher.close()
    watchers.clear()
  }
}

function isSkipped(name: string): boolean {
  return name.startsWith('.') || SKIPPED_FOLDERS.has(name)
}

function isFolder(path: string): boolean {
  try {
    return statSync(path).isDirectory()
  } catch {
    return false
  }
}
