import type { Readable } from 'node:stream'

/** Thrown inside the readers below when the limit is passed; the client turns it into `ResponseTooLargeError`. */
export class BodyLimitExceeded extends Error {
  constructor(readonly limit: number) {
    super(`response body larger than ${limit} bytes`)
  }
}

/** The declared `content-length`, when there is a valid one. */
export function declaredLength(headers: Record<string, string | string[] | undefined>): number | undefined {
  const value = headers['content-length']
  if (typeof value !== 'string') return undefined
  const length = Number(value)
  return Number.isSafeInteger(length) && length >= 0 ? length : undefined
}

/**
 * Reads a whole response body, but never more than `limit` bytes: past it the body is destroyed (which
 * closes the connection rather than draining gigabytes) and the promise rejects with `BodyLimitExceeded`.
 * Listeners rather than `for await`: this runs for every buffered call and is measurably cheaper.
 */
export function readLimited(body: Readable, limit: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = []
    let size = 0
    const fail = (error: unknown) => {
      body.off('data', onData)
      reject(error)
    }
    const onData = (chunk: Buffer) => {
      size += chunk.length
      if (size > limit) {
        fail(new BodyLimitExceeded(limit))
        body.destroy()
        return
      }
      chunks.push(chunk)
    }
    body.on('data', onData)
    body.once('error', fail)
    body.once('end', () => resolve(chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks, size)))
  })
}

/**
 * The body as an async iterable of chunks, unbuffered, failing with `BodyLimitExceeded` once more than
 * `limit` bytes have passed. Ending the iteration early (`break`, `return()`) destroys the body, which
 * closes the upstream connection: a client that went away stops the upstream transfer too.
 */
export async function* limitedChunks(
  body: Readable,
  limit: number,
  hooks: { mapError: (error: unknown) => unknown; onFinish: () => void },
): AsyncGenerator<Uint8Array, void, undefined> {
  let size = 0
  try {
    for await (const chunk of body as AsyncIterable<Buffer>) {
      size += chunk.length
      if (size > limit) throw new BodyLimitExceeded(limit)
      yield chunk
    }
  } catch (error) {
    throw hooks.mapError(error)
  } finally {
    if (!body.readableEnded) body.destroy()
    hooks.onFinish()
  }
}
