import { createReadStream } from 'node:fs'
import { copyFile, readFile, rename, writeFile } from 'node:fs/promises'
import { Readable } from 'node:stream'

/** Where an upload's bytes are: in memory (small files) or in a temporary file (spooled). */
export type UploadStorage = { kind: 'memory'; data: Buffer } | { kind: 'disk'; path: string }

/**
 * One uploaded file, read completely (FastAPI's `UploadFile`): small files are in memory, larger ones
 * in a temporary file that Wharf removes once the response is sent. `filename` is the base name the
 * client gave, never a path: use it for display, not to build a path on disk.
 *
 * @example
 * app.post('/avatar', { form: { image: t.File() } }, async ({ body }) => {
 *   await body.image.saveTo(`/srv/avatars/${randomUUID()}.png`)
 *   return { filename: body.image.filename, size: body.image.size }
 * })
 */
export class UploadFile {
  constructor(
    /** The client's file name, reduced to its base name (`C:\\x\\a.txt` → `a.txt`). May be empty. */
    readonly filename: string,
    /** The part's `Content-Type` (`application/octet-stream` when the client sent none). */
    readonly contentType: string,
    /** The size in bytes. */
    readonly size: number,
    /** The part's headers, lower-case (`content-disposition`, `content-type`). */
    readonly headers: Readonly<Record<string, string>>,
    private storage: UploadStorage,
  ) {}

  /** True when the file went to a temporary file on disk (it was larger than the spool threshold). */
  get spooled(): boolean {
    return this.storage.kind === 'disk'
  }

  /** The content as a stream; can be called again for another pass. */
  stream(): Readable {
    const { storage } = this
    return storage.kind === 'memory' ? Readable.from([storage.data]) : createReadStream(storage.path)
  }

  /** The whole content in memory. For large files prefer `stream()` or `saveTo()`. */
  bytes(): Promise<Buffer> {
    const { storage } = this
    return storage.kind === 'memory' ? Promise.resolve(storage.data) : readFile(storage.path)
  }

  /** The content decoded as UTF-8 text. */
  async text(): Promise<string> {
    return (await this.bytes()).toString('utf8')
  }

  /**
   * Writes the content to `path` (choose it yourself; never build it from `filename`). A spooled file
   * is moved there when it can be (same file system), else copied.
   */
  async saveTo(path: string): Promise<void> {
    const { storage } = this
    if (storage.kind === 'memory') return writeFile(path, storage.data)
    try {
      await rename(storage.path, path)
      this.storage = { kind: 'disk', path }
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EXDEV') throw error
      await copyFile(storage.path, path)
    }
  }

  /** What `JSON.stringify` shows (in logs, or a value echoed back): the description, not the bytes. */
  toJSON(): { filename: string; contentType: string; size: number } {
    return { filename: this.filename, contentType: this.contentType, size: this.size }
  }
}
