import type { RequestView } from '../../request.ts'
import { hasBody } from '../body.ts'
import type { FormFields, FormReader } from './form-reader.ts'
import { multipartReader } from './multipart.ts'
import { urlEncodedReader } from './url-encoded.ts'

export type { FormFields, FormReader } from './form-reader.ts'
export { bodyValue, isJsonContentType, parseJsonBody } from './json.ts'

/** The form encodings Wharf reads, by content type. */
const FORM_READERS: readonly FormReader[] = [urlEncodedReader, multipartReader]

/**
 * The raw fields of a form body. A body in another format (or none) leaves every field missing, as
 * in FastAPI.
 *
 * @example
 * const fields = await readFormFields(ctx.request, 1024 * 1024) // { username: 'ann', scope: ['a', 'b'] }
 */
export function readFormFields(request: RequestView, limit: number): Promise<FormFields> {
  if (!hasBody(request)) return Promise.resolve({})
  const contentType = request.headers['content-type']
  const reader = FORM_READERS.find((candidate) => candidate.accepts(contentType))
  return reader ? reader.read(request, limit) : Promise.resolve({})
}
