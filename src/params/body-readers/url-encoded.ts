import { parse as parseQuery } from 'fast-querystring'
import type { FormFields, FormReader } from './form-reader.ts'

/** `application/x-www-form-urlencoded`, with or without parameters. */
export function isFormContentType(contentType: string | undefined): boolean {
  return contentType?.toLowerCase().startsWith('application/x-www-form-urlencoded') ?? false
}

/**
 * HTML forms' default encoding. FastAPI treats an empty value as absent: `grant_type=` takes the
 * default, `password=` is missing.
 */
export const urlEncodedReader: FormReader = {
  accepts: isFormContentType,
  async read(request, limit) {
    const raw = await request.readBody(limit)
    if (raw.length === 0) return {}
    const fields = parseQuery(raw.toString('utf8')) as FormFields
    for (const [name, value] of Object.entries(fields)) if (value === '') delete fields[name]
    return fields
  },
}
