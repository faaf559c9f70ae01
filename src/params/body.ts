import { HTTPException } from '../errors.ts'
import type { RequestView } from '../request.ts'

/** Node's default limit is none; 1 MiB matches Fastify and keeps one request from exhausting memory. */
export const DEFAULT_BODY_LIMIT = 1024 * 1024

/** The 413 every adapter raises when a body passes its limit. */
export function payloadTooLarge(limit: number): HTTPException {
  return new HTTPException(413, `Request body is larger than the limit of ${limit} bytes`)
}

/** True when the request declares a body (a length above 0, or chunked transfer). */
export function hasBody(request: RequestView): boolean {
  if (request.bodyPresent !== undefined) return request.bodyPresent
  const length = request.headers['content-length']
  if (length !== undefined) return length !== '0'
  return request.headers['transfer-encoding'] !== undefined
}

/**
 * A byte stream passed through, failing with 413 once it passes `limit` (before reading anything when
 * the declared Content-Length is already too large). What `RequestView.bodyStream` is made of.
 *
 * @example
 * for await (const chunk of limitBody(req, req.headers['content-length'], 1024)) upload.write(chunk)
 */
export async function* limitBody(
  chunks: AsyncIterable<Uint8Array> | Iterable<Uint8Array>,
  declaredLength: string | undefined,
  limit: number,
): AsyncGenerator<Buffer> {
  if (declaredLength !== undefined && Number(declaredLength) > limit) throw payloadTooLarge(limit)
  let size = 0
  for await (const chunk of chunks) {
    size += chunk.byteLength
    if (size > limit) throw payloadTooLarge(limit)
    yield Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength)
  }
}

/**
 * Collects a byte stream into one buffer, failing fast with 413 once it passes `limit`, and before
 * reading anything when the declared Content-Length is already too large.
 */
export async function collectBody(
  chunks: AsyncIterable<Uint8Array> | Iterable<Uint8Array>,
  declaredLength: string | undefined,
  limit: number,
): Promise<Buffer> {
  const parts: Buffer[] = []
  for await (const chunk of limitBody(chunks, declaredLength, limit)) parts.push(chunk)
  return parts.length === 1 ? parts[0]! : Buffer.concat(parts)
}
