import { type TSchema, type TUnsafe, Type } from 'typebox'
import type { AnySchema } from '../../schema/types.ts'
import type { UploadFile } from './upload-file.ts'

/** Marks a schema as a file field; a symbol, so it stays out of the JSON Schema and OpenAPI. */
const FILE_FIELD = Symbol.for('wharf.file-field')

/** How a file field reaches the handler: an `UploadFile`, or its bytes. */
export type FileFieldKind = 'upload' | 'bytes'

/** Options of `FileUpload()` and `FileBytes()`. */
export interface FileFieldOptions {
  /** Shown in the OpenAPI document. */
  description?: string
  /** The media type the document announces for the file (`contentMediaType`). Default `application/octet-stream`. */
  mediaType?: string
}

function fileSchema<T>(kind: FileFieldKind, options: FileFieldOptions): TUnsafe<T> {
  const { mediaType = 'application/octet-stream', description } = options
  // OpenAPI 3.1 describes a file as binary content (`contentMediaType`); `format: binary` is what
  // FastAPI sends and what Swagger UI looks for to offer a file picker.
  const schema: Record<string | symbol, unknown> = {
    type: 'string',
    format: 'binary',
    contentMediaType: mediaType,
    ...(description === undefined ? {} : { description }),
    [FILE_FIELD]: kind,
  }
  return Type.Unsafe<T>(schema as unknown as TSchema)
}

/**
 * A form field holding an uploaded file, as an `UploadFile` (FastAPI's `file: UploadFile`). Declaring
 * one makes the route read `multipart/form-data`. Several files: `t.Array(FileUpload())`; optional:
 * `t.Optional(FileUpload())`.
 *
 * @example
 * app.post('/files', { form: { upload: FileUpload(), note: t.Optional(t.String()) } }, async ({ body }) => ({
 *   filename: body.upload.filename,
 *   size: body.upload.size,
 * }))
 */
export function FileUpload(options: FileFieldOptions = {}): TUnsafe<UploadFile> {
  return fileSchema<UploadFile>('upload', options)
}

/**
 * A form field holding an uploaded file's bytes (FastAPI's `file: bytes = File()`): fine for small
 * files, since the whole file is in memory when the handler runs.
 *
 * @example
 * app.post('/avatar', { form: { image: FileBytes() } }, ({ body }) => ({ size: body.image.length }))
 */
export function FileBytes(options: FileFieldOptions = {}): TUnsafe<Buffer> {
  return fileSchema<Buffer>('bytes', options)
}

/** What a form field's schema says about files: none, one, or several (an array of file schemas). */
export interface FileFieldShape {
  kind: FileFieldKind
  many: boolean
  minItems: number | undefined
  maxItems: number | undefined
}

/** The file shape of a form field's schema, or undefined for an ordinary field. */
export function fileFieldShape(schema: AnySchema): FileFieldShape | undefined {
  const record = schema as Record<string | symbol, any>
  const own = record[FILE_FIELD] as FileFieldKind | undefined
  if (own !== undefined) return { kind: own, many: false, minItems: undefined, maxItems: undefined }
  const items =
    record.type === 'array' ? (record.items as Record<string | symbol, any> | undefined) : undefined
  const kind = items?.[FILE_FIELD] as FileFieldKind | undefined
  if (kind === undefined) return undefined
  return { kind, many: true, minItems: record.minItems, maxItems: record.maxItems }
}

/** True when any field of a form is a file: the form is then read as `multipart/form-data`. */
export function hasFileFields(fields: Record<string, AnySchema> | undefined): boolean {
  return fields !== undefined && Object.values(fields).some((schema) => fileFieldShape(schema) !== undefined)
}
