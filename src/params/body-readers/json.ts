import secureJson from 'secure-json-parse'
import { HTTPException } from '../../errors.ts'
import { issue, type ValidationIssue } from '../../schema/issues.ts'
import { DEFAULT_JSON_MAX_DEPTH, findExcessiveNesting } from '../json-depth.ts'
import { findJsonSyntaxProblem } from '../json-error.ts'

const FORBIDDEN = /forbidden prototype property/

const decodeError = (position: number, error: string) =>
  issue('json_invalid', ['body', position], 'JSON decode error', {}, { error })

/**
 * Parses a JSON request body. Malformed JSON is FastAPI's 422 `json_invalid` at `["body", offset]`;
 * so is nesting deeper than `maxDepth`, found by a cheap scan before parsing (nothing downstream then
 * walks a value deep enough to overflow the stack); a `__proto__` or `constructor.prototype` key
 * (prototype poisoning) is refused with a 400 before any handler sees it.
 *
 * @example
 * parseJsonBody('{"a": x}') // { issue: { type: 'json_invalid', loc: ['body', 6], ... } }
 * parseJsonBody('[[[]]]', 2) // { issue: { loc: ['body', 2], ctx: { error: 'Maximum nesting depth of 2 exceeded' } } }
 */
export function parseJsonBody(
  text: string,
  maxDepth: number = DEFAULT_JSON_MAX_DEPTH,
): { value: unknown } | { issue: ValidationIssue } {
  const tooDeep = findExcessiveNesting(text, maxDepth)
  if (tooDeep !== -1) return { issue: decodeError(tooDeep, `Maximum nesting depth of ${maxDepth} exceeded`) }
  try {
    return { value: secureJson.parse(text, undefined, { protoAction: 'error', constructorAction: 'error' }) }
  } catch (error) {
    if (error instanceof SyntaxError && FORBIDDEN.test(error.message)) {
      throw new HTTPException(400, 'Request body contains a forbidden prototype property')
    }
    const problem = findJsonSyntaxProblem(text)
    return { issue: decodeError(problem.position, problem.message) }
  }
}

/** `application/json`, `application/json; charset=utf-8` and `application/*+json` are JSON, as in FastAPI. */
export function isJsonContentType(contentType: string | undefined): boolean {
  if (!contentType) return false
  const semicolon = contentType.indexOf(';')
  const type = (semicolon === -1 ? contentType : contentType.slice(0, semicolon)).trim().toLowerCase()
  return type === 'application/json' || (type.startsWith('application/') && type.endsWith('+json'))
}

/**
 * The value a JSON body route validates. Like FastAPI, a body not declared as JSON is not parsed: it
 * meets the schema as text, so an object schema reports it at ["body"]. An empty body is no value.
 *
 * @example
 * bodyValue(Buffer.from('{"a":1}'), 'application/json') // { value: { a: 1 } }
 */
export function bodyValue(
  raw: Buffer | undefined,
  contentType: string | undefined,
  maxDepth: number = DEFAULT_JSON_MAX_DEPTH,
): { value: unknown } | { issue: ValidationIssue } {
  if (raw === undefined || raw.length === 0) return { value: undefined }
  const text = raw.toString('utf8')
  return isJsonContentType(contentType) ? parseJsonBody(text, maxDepth) : { value: text }
}
