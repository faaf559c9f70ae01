/** A file to send in a test request: its bytes with a name and type, or a `Blob`/`File` as is. */
export type TestUpload = { filename?: string; content: string | Uint8Array; contentType?: string } | Blob

/**
 * A `multipart/form-data` body of text fields and files, encoded by the platform's own `FormData`
 * (as a browser would send it). Returns the bytes and the content type with its boundary.
 *
 * @example
 * await encodeMultipart({ note: 'hi' }, { upload: { filename: 'a.txt', content: 'hello' } })
 */
export async function encodeMultipart(
  fields: Record<string, string | string[]>,
  files: Record<string, TestUpload | TestUpload[]>,
): Promise<{ payload: Buffer; type: string }> {
  const form = new FormData()
  for (const [name, value] of Object.entries(fields))
    for (const item of [value].flat()) form.append(name, item)
  for (const [name, value] of Object.entries(files)) {
    for (const upload of [value].flat()) {
      if (upload instanceof Blob) {
        form.append(name, upload)
        continue
      }
      const content = typeof upload.content === 'string' ? upload.content : new Uint8Array(upload.content)
      const blob = new Blob([content], { type: upload.contentType ?? 'application/octet-stream' })
      form.append(name, blob, upload.filename ?? 'upload')
    }
  }
  const encoded = new Response(form)
  return {
    payload: Buffer.from(await encoded.arrayBuffer()),
    type: encoded.headers.get('content-type')!,
  }
}
