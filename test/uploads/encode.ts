/** A multipart body as a browser would send it, encoded by the platform's own FormData. */
export async function encodeForm(form: FormData): Promise<{ body: Buffer; contentType: string }> {
  const response = new Response(form)
  return {
    body: Buffer.from(await response.arrayBuffer()),
    contentType: response.headers.get('content-type')!,
  }
}

/** `body` in chunks of `size` bytes, counting how many the reader pulled. */
export function chunked(body: Buffer, size: number) {
  const stats = { pulled: 0, total: Math.ceil(body.length / size) }
  const chunks = (async function* () {
    for (let offset = 0; offset < body.length; offset += size) {
      stats.pulled++
      yield body.subarray(offset, offset + size)
    }
  })()
  return { chunks, stats }
}

/** A hand-written multipart body (for what FormData never produces: odd names, broken parts). */
export function rawMultipart(
  boundary: string,
  parts: { headers: string[]; body: string | Buffer }[],
): Buffer {
  const pieces: Buffer[] = []
  for (const part of parts) {
    pieces.push(Buffer.from(`--${boundary}\r\n${part.headers.map((h) => `${h}\r\n`).join('')}\r\n`))
    pieces.push(Buffer.from(part.body))
    pieces.push(Buffer.from('\r\n'))
  }
  pieces.push(Buffer.from(`--${boundary}--\r\n`))
  return Buffer.concat(pieces)
}
