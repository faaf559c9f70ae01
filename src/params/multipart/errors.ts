import { HTTPException, RequestValidationError } from '../../errors.ts'
import { issue } from '../../schema/issues.ts'

/**
 * The answers to a multipart body that breaks a limit or is not multipart at all. Sizes are 413 and
 * counts 422 (FastAPI's validation shape); both close the connection, since the rest of the body is
 * left unread. A body that does not parse is 400 with FastAPI's message.
 */
export const multipartErrors = {
  fileTooLarge: (field: string, limit: number) =>
    tooLarge(`File "${field}" is larger than the limit of ${limit} bytes`),
  fieldTooLarge: (field: string, limit: number) =>
    tooLarge(`Field "${field}" is larger than the limit of ${limit} bytes`),
  tooMany: (what: 'files' | 'fields' | 'parts', limit: number) =>
    new RequestValidationError([
      issue('too_long', ['body'], `The form should have at most ${limit} ${what}`, null, {
        max_length: limit,
      }),
    ]),
  badFilename: (field: string, filename: string) =>
    new RequestValidationError([
      issue('value_error', ['body', field], 'Value error, the file name is not a usable name', filename),
    ]),
  /** FastAPI's answer to a form it cannot parse (bad boundary, truncated body, malformed part). */
  malformed: () => new HTTPException(400, 'There was an error parsing the body'),
}

function tooLarge(detail: string): HTTPException {
  return new HTTPException(413, detail, { headers: { connection: 'close' } })
}
