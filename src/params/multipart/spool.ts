import { randomUUID } from 'node:crypto'
import { type FileHandle, open, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { UploadStorage } from './upload-file.ts'

/**
 * The temporary files of one request. `cleanup()` removes every one of them; it is safe to call more
 * than once and never throws (a file already moved away by `saveTo` is simply gone).
 */
export class SpoolFiles {
  private readonly paths: string[] = []

  /** A new, empty temporary file only this process can read (`0600`), registered for cleanup. */
  async create(): Promise<{ path: string; handle: FileHandle }> {
    const path = join(tmpdir(), `wharf-upload-${randomUUID()}`)
    this.paths.push(path)
    return { path, handle: await open(path, 'wx', 0o600) }
  }

  async cleanup(): Promise<void> {
    const paths = this.paths.splice(0)
    await Promise.all(paths.map((path) => rm(path, { force: true }).catch(() => undefined)))
  }
}

/**
 * Collects a file part: in memory up to `threshold` bytes, then in a temporary file, written as the
 * bytes arrive (with backpressure: the next chunk is read once the last one is written), so memory
 * holds at most `threshold` bytes of each file.
 */
export async function spool(
  chunks: AsyncIterable<Buffer>,
  threshold: number,
  files: SpoolFiles,
): Promise<{ storage: UploadStorage; size: number }> {
  const held: Buffer[] = []
  let size = 0
  let disk: { path: string; handle: FileHandle } | undefined
  try {
    for await (const chunk of chunks) {
      size += chunk.length
      if (disk) {
        await writeAll(disk.handle, chunk)
        continue
      }
      held.push(chunk)
      if (size > threshold) {
        disk = await files.create()
        for (const part of held) await writeAll(disk.handle, part)
        held.length = 0
      }
    }
  } finally {
    await disk?.handle.close()
  }
  return disk
    ? { storage: { kind: 'disk', path: disk.path }, size }
    : { storage: { kind: 'memory', data: held.length === 1 ? held[0]! : Buffer.concat(held, size) }, size }
}

/** `write` may write less than asked; loop until the whole buffer is on disk. */
async function writeAll(handle: FileHandle, data: Buffer): Promise<void> {
  let offset = 0
  while (offset < data.length) {
    const { bytesWritten } = await handle.write(data, offset, data.length - offset)
    offset += bytesWritten
  }
}
