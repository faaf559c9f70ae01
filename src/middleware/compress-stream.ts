import type { Transform } from 'node:stream'
import zlib from 'node:zlib'

/** A zlib compressor with its streaming `flush(kind, callback)`. */
type Compressor = Transform & { flush(kind: number, callback: () => void): void }

/**
 * Compresses a streamed body chunk by chunk. Each chunk is flushed (a sync flush, which ends the
 * current deflate block without resetting the dictionary), so whatever a handler yields reaches the
 * client as soon as it is produced, as `stream()` promises; Starlette does not flush, and holds small
 * chunks back until the compressor's buffer fills. Stopping the result (`return()`, as the adapters do
 * when the client goes away or for HEAD) stops the source too, so its cleanup runs.
 */
export function compressStream(
  source: AsyncIterable<string | Uint8Array>,
  create: () => Compressor,
  flushKind: number,
): AsyncIterable<Uint8Array> {
  return {
    [Symbol.asyncIterator]: () => new CompressingIterator(source[Symbol.asyncIterator](), create, flushKind),
  }
}

class CompressingIterator implements AsyncIterator<Uint8Array> {
  private compressor: Compressor | undefined
  private output: AsyncIterator<Uint8Array> | undefined
  private stopped = false

  constructor(
    private readonly source: AsyncIterator<string | Uint8Array>,
    private readonly create: () => Compressor,
    private readonly flushKind: number,
  ) {}

  next(): Promise<IteratorResult<Uint8Array>> {
    if (this.stopped) return Promise.resolve({ done: true, value: undefined })
    if (this.output === undefined) {
      const compressor = this.create()
      // Errors reach the reader through the iterator; this keeps one raised after the reader left
      // (the source failing while it is being stopped) from becoming an uncaught 'error' event.
      compressor.on('error', () => {})
      this.compressor = compressor
      this.output = compressor[Symbol.asyncIterator]()
      void this.pump(compressor)
    }
    return this.output.next()
  }

  async return(): Promise<IteratorResult<Uint8Array>> {
    if (!this.stopped) {
      this.stopped = true
      this.compressor?.destroy()
      await this.source.return?.()
    }
    return { done: true, value: undefined }
  }

  /** Feeds the source into the compressor, one chunk and one flush at a time (the flush is the backpressure). */
  private async pump(compressor: Compressor): Promise<void> {
    try {
      for (;;) {
        const step = await this.source.next()
        if (this.stopped) return
        if (step.done) break
        const chunk = step.value
        if (chunk.length === 0) continue
        await new Promise<void>((resolve) => {
          compressor.write(chunk)
          compressor.flush(this.flushKind, () => resolve())
        })
        if (this.stopped) return
      }
      compressor.end()
    } catch (error) {
      compressor.destroy(error as Error)
    }
  }
}

/** The flush kinds that emit everything written so far without ending the stream. */
export const FLUSH = {
  gzip: zlib.constants.Z_SYNC_FLUSH,
  br: zlib.constants.BROTLI_OPERATION_FLUSH,
} as const
