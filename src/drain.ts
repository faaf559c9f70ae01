import type { EventEmitter } from 'node:events'

/**
 * Resolves when a writable stream takes more (`drain`) or is gone (`close`). Hand-rolled rather than
 * racing two `once()` calls, which would leave the losing listener attached on every chunk of a long
 * stream. Used by the node:http writer and the multipart parser.
 *
 * @example
 * if (!res.write(chunk)) await drainOrClose(res)
 */
export function drainOrClose(stream: EventEmitter): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      stream.off('drain', done)
      stream.off('close', done)
      resolve()
    }
    stream.on('drain', done)
    stream.on('close', done)
  })
}
