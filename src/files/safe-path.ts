import { realpath } from 'node:fs/promises'
import { resolve, sep } from 'node:path'

/**
 * The segments of a request path (already percent-decoded once), or undefined when the path could
 * only be meant to leave the folder or hide something: `..`, backslashes (a separator on Windows, and
 * never in a URL Wharf produces), NUL bytes, and, unless `dotfiles`, names starting with a dot.
 * Nothing is decoded a second time, so `%252e%252e` stays the harmless name `%2e%2e`.
 */
export function safeSegments(path: string, dotfiles: boolean): string[] | undefined {
  if (path.includes('\0') || path.includes('\\')) return undefined
  const segments = path.split('/').filter((segment) => segment !== '' && segment !== '.')
  for (const segment of segments) {
    if (segment === '..') return undefined
    if (!dotfiles && segment.startsWith('.')) return undefined
  }
  return segments
}

/** True when `path` is `root` itself or inside it. */
export function isInside(root: string, path: string): boolean {
  return path === root || path.startsWith(root.endsWith(sep) ? root : root + sep)
}

/**
 * Where `segments` lead under `root` once symbolic links are followed, or undefined when nothing is
 * there or the real place is outside `root` (a link pointing out of the folder is treated as absent).
 * `root` must itself be a real path.
 */
export async function realPathInside(root: string, segments: readonly string[]): Promise<string | undefined> {
  const candidate = resolve(root, ...segments)
  if (!isInside(root, candidate)) return undefined
  const real = await realpath(candidate).catch(() => undefined)
  return real !== undefined && isInside(root, real) ? real : undefined
}
