import {
  issue,
  MAX_ISSUES,
  messages,
  tooManyErrors,
  typeErrors,
  type ValidationIssue,
  valueAt,
} from './issues.ts'
import type { StandardSchemaV1 } from './standard.ts'

const keyOf = (segment: PropertyKey | StandardSchemaV1.PathSegment): string | number => {
  const key = typeof segment === 'object' ? segment.key : segment
  return typeof key === 'symbol' ? String(key) : key
}

/**
 * Translates Standard Schema issues (Zod 4's codes are recognised) into FastAPI's issue items.
 * The library's own message is kept, so custom messages reach the client; the `type` follows pydantic.
 */
export function standardIssues(
  issues: ReadonlyArray<StandardSchemaV1.Issue>,
  value: unknown,
  prefix: (string | number)[],
): ValidationIssue[] {
  // A library that reports every problem (Zod does) can return 200,000 issues: only those that can be
  // reported are translated.
  const translated = issues.slice(0, MAX_ISSUES).map((raw) => {
    const path = (raw.path ?? []).map(keyOf)
    const loc = [...prefix, ...path]
    const input = valueAt(value, path)
    return issue(pydanticType(raw, input), loc, input === undefined ? messages.missing() : raw.message, input)
  })
  if (issues.length > MAX_ISSUES)
    translated.push(tooManyErrors(prefix[0] ?? 'body', issues.length - MAX_ISSUES))
  return translated
}

function pydanticType(raw: StandardSchemaV1.Issue, input: unknown): string {
  const { code, origin, expected, inclusive } = raw as unknown as Record<string, any>
  if (code === 'invalid_type') {
    if (input === undefined) return 'missing'
    if (expected === 'number' && origin === 'int') return 'int_type'
    return typeErrors[expected as string]?.type ?? 'type_error'
  }
  if (code === 'too_small') {
    if (origin === 'string') return 'string_too_short'
    if (origin === 'array' || origin === 'set') return 'too_short'
    return inclusive ? 'greater_than_equal' : 'greater_than'
  }
  if (code === 'too_big') {
    if (origin === 'string') return 'string_too_long'
    if (origin === 'array' || origin === 'set') return 'too_long'
    return inclusive ? 'less_than_equal' : 'less_than'
  }
  if (code === 'invalid_format')
    return (raw as unknown as Record<string, unknown>).format === 'regex'
      ? 'string_pattern_mismatch'
      : 'string_format'
  if (code === 'invalid_value') return 'enum'
  if (code === 'unrecognized_keys') return 'extra_forbidden'
  if (code === 'not_multiple_of') return 'multiple_of'
  return typeof code === 'string' ? code : 'value_error'
}
