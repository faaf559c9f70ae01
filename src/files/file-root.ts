import { realpath } from 'node:fs/promises'
import { realPathInside, safeSegments } from './safe-path.ts'

/**
 * The real path of the file `file(path, { root })` may serve, or undefined (the caller answers 404)
 * when `path` could only be meant to leave `root` or hide something, as StaticFiles judges a request
 * path: a `..` segment, a backslash, a NUL byte, a dotfile; or when it leads out through a symbolic
 * link, or nothing is there. An absolute `path` is taken relative to `root`. Nothing is
 * percent-decoded: the router decoded the request path once.
 *
 * @example
 * await fileInsideRoot('./public', 'css/site.css') // '/srv/app/public/css/site.css'
 * await fileInsideRoot('./public', '../.env') // undefined
 */
export async function fileInsideRoot(root: string, path: string): Promise<string | undefined> {
  const segments = safeSegments(path, false)
  if (segments === undefined || segments.length === 0) return undefined
  const realRoot = await realpath(root).catch(() => undefined)
  return realRoot === undefined ? undefined : realPathInside(realRoot, segments)
}
