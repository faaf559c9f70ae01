import type { ErrorFormat } from '../exception-handlers.ts'
import type { SchemaComponents } from './components.ts'
import type { MediaTypeObject } from './types.ts'

/** One item of a 422's issue list, exactly as FastAPI publishes it (pydantic v2 fields included). */
const validationError = {
  properties: {
    loc: {
      items: { anyOf: [{ type: 'string' }, { type: 'integer' }] },
      type: 'array',
      title: 'Location',
    },
    msg: { type: 'string', title: 'Message' },
    type: { type: 'string', title: 'Error Type' },
    input: { title: 'Input' },
    ctx: { type: 'object', title: 'Context' },
  },
  type: 'object',
  required: ['loc', 'msg', 'type'],
  title: 'ValidationError',
}

/**
 * The body of the automatic 422 in the app's error format, registering the components it needs:
 * `HTTPValidationError` + `ValidationError` (FastAPI's, `application/json`), or for `problem`
 * `HTTPValidationProblem` (RFC 9457 members plus `errors`, `application/problem+json`).
 *
 * @example
 * validationErrorContent('fastapi', components)
 * // { 'application/json': { schema: { $ref: '#/components/schemas/HTTPValidationError' } } }
 */
export function validationErrorContent(
  format: ErrorFormat,
  components: SchemaComponents,
): Record<string, MediaTypeObject> {
  components.define('ValidationError', validationError)
  const items = components.ref('ValidationError', 'output')
  if (format === 'fastapi') {
    components.define('HTTPValidationError', {
      properties: { detail: { items, type: 'array', title: 'Detail' } },
      type: 'object',
      title: 'HTTPValidationError',
    })
    return { 'application/json': { schema: components.ref('HTTPValidationError', 'output') } }
  }
  components.define('HTTPValidationProblem', {
    properties: { ...problemProperties(), errors: { items, type: 'array', title: 'Errors' } },
    type: 'object',
    required: ['type', 'title', 'status', 'detail', 'errors'],
    title: 'HTTPValidationProblem',
  })
  return { 'application/problem+json': { schema: components.ref('HTTPValidationProblem', 'output') } }
}

/**
 * The body of an error status documented without a schema, in the app's error format: what an
 * `HTTPException` sends. `HTTPError` (`{"detail": ...}`, `application/json`) or, for `problem`,
 * `ProblemDetail` (RFC 9457, `application/problem+json`). FastAPI documents no body for these; a typed
 * client is better off knowing it.
 *
 * @example
 * errorContent('fastapi', components) // { 'application/json': { schema: { $ref: '#/components/schemas/HTTPError' } } }
 */
export function errorContent(
  format: ErrorFormat,
  components: SchemaComponents,
): Record<string, MediaTypeObject> {
  if (format === 'fastapi') {
    components.define('HTTPError', {
      properties: { detail: { title: 'Detail' } },
      type: 'object',
      required: ['detail'],
      title: 'HTTPError',
    })
    return { 'application/json': { schema: components.ref('HTTPError', 'output') } }
  }
  components.define('ProblemDetail', {
    properties: problemProperties(),
    type: 'object',
    required: ['type', 'title', 'status'],
    title: 'ProblemDetail',
  })
  return { 'application/problem+json': { schema: components.ref('ProblemDetail', 'output') } }
}

function problemProperties() {
  return {
    type: { type: 'string', title: 'Type' },
    title: { type: 'string', title: 'Title' },
    status: { type: 'integer', title: 'Status' },
    detail: { title: 'Detail' },
  }
}
