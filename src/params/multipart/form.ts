import { type MultipartLimits, resolveLimits } from './limits.ts'
import { readParts } from './parts.ts'
import { type SpoolFiles, spool } from './spool.ts'
import { UploadFile } from './upload-file.ts'

/** A multipart body read completely: field values and files by name, in arrival order. */
export interface MultipartForm {
  /** Non-file fields (null-prototype object: a field named `__proto__` is just a field). */
  fields: Record<string, string[]>
  files: Record<string, UploadFile[]>
}

/**
 * Reads a whole multipart body (FastAPI's `await request.form()`): fields as strings, files as
 * `UploadFile`s, each kept in memory up to `limits.spoolThreshold` bytes and in a temporary file of
 * `spoolFiles` beyond. On failure the temporary files made so far are removed before it rejects;
 * otherwise the caller removes them (`spoolFiles.cleanup()`) once the response is sent.
 *
 * @example
 * const spoolFiles = new SpoolFiles()
 * try {
 *   const form = await readMultipartForm(body, contentType, {}, spoolFiles)
 *   console.log(form.files.upload?.[0]?.size)
 * } finally { await spoolFiles.cleanup() }
 */
export async function readMultipartForm(
  body: AsyncIterable<Uint8Array>,
  contentType: string,
  options: MultipartLimits,
  spoolFiles: SpoolFiles,
): Promise<MultipartForm> {
  const limits = resolveLimits(options)
  const fields: Record<string, string[]> = Object.create(null)
  const files: Record<string, UploadFile[]> = Object.create(null)
  try {
    for await (const part of readParts(body, contentType, limits)) {
      if (part.kind === 'field') {
        ;(fields[part.name] ??= []).push(part.value)
        continue
      }
      const { storage, size } = await spool(part.stream, limits.spoolThreshold, spoolFiles)
      const upload = new UploadFile(part.filename, part.contentType, size, part.headers, storage)
      ;(files[part.name] ??= []).push(upload)
    }
  } catch (error) {
    await spoolFiles.cleanup()
    throw error
  }
  return { fields, files }
}
