import { createReadStream } from 'node:fs'
import { FileBody } from '../response.ts'

/**
 * A file body whose status and headers are settled (conditional and range headers answered): the bytes
 * `start`..`end` (inclusive) of the file at `path`. It stays a `FileBody` inside the middleware chain,
 * so middleware sees the real headers and compression leaves it alone; the adapters get `open()`.
 */
export class FileRange extends FileBody {
  constructor(
    path: string,
    size: number,
    readonly start: number,
    readonly end: number,
  ) {
    super(path, undefined, size)
  }

  /**
   * The bytes, read lazily: the file is opened on the first read, so a response that is never read
   * (HEAD, or replaced by middleware, or a client gone before the first byte) opens no descriptor.
   */
  open(): AsyncIterable<Uint8Array> {
    return readRange(this.path, this.start, this.end)
  }
}

async function* readRange(path: string, start: number, end: number): AsyncGenerator<Uint8Array> {
  if (end < start) return
  const stream = createReadStream(path, { start, end })
  try {
    yield* stream
  } finally {
    stream.destroy()
  }
}
