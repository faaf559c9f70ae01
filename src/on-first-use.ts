import { createRequire } from 'node:module'

const require = createRequire(import.meta.url)

/**
 * A loader for `specifier`'s module that requires it on its first call and keeps it. A dependency
 * only some apps use (sending files, multipart, metrics, tracing) is then loaded by those apps when
 * they first use it, never by every app at startup; `require` also skips the pass in which an ES
 * module import parses a CommonJS package for its export names.
 *
 * @example
 * const busboy = onFirstUse<typeof import('busboy')>('busboy')
 * const parser = busboy()({ headers })
 */
export function onFirstUse<T>(specifier: string): () => T {
  let loaded: T | undefined
  return () => {
    loaded ??= require(specifier) as T
    return loaded
  }
}
