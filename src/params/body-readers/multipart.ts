import type { RawValue } from '../coerce.ts'
import { readParts } from '../multipart/parts.ts'
import type { FormFields, FormReader } from './form-reader.ts'

/** `multipart/form-data`, with its boundary parameter. */
export function isMultipartContentType(contentType: string | undefined): boolean {
  return contentType?.toLowerCase().startsWith('multipart/form-data') ?? false
}

/**
 * The text fields of a `multipart/form-data` body, for a form without file fields (FastAPI's `Form()`
 * fields accept both encodings). Files in it are skipped as they stream by, never stored; the body is
 * bounded by the route's body limit. Empty values count as absent, as in the url-encoded reader.
 * Routes with file fields read the body through `MultipartFormPlan` instead.
 */
export const multipartReader: FormReader = {
  accepts: isMultipartContentType,
  async read(request, limit) {
    const fields: FormFields = Object.create(null)
    const parts = readParts(request.bodyStream(limit), request.headers['content-type'] ?? '', {
      fileSize: limit,
      fieldSize: limit,
    })
    for await (const part of parts) {
      if (part.kind !== 'field' || part.value === '') continue
      fields[part.name] = append(fields[part.name], part.value)
    }
    return fields
  },
}

/** One value as a string, repeated ones as an array: the shape query strings and url-encoded forms have. */
export function append(current: RawValue | undefined, value: string): RawValue {
  if (current === undefined) return value
  return Array.isArray(current) ? [...current, value] : [current, value]
}
