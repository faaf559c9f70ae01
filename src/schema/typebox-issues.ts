import type { TLocalizedValidationError } from 'typebox/error'
import {
  formatErrors,
  issue,
  messages,
  quoteChoices,
  typeErrors,
  type ValidationIssue,
  valueAt,
} from './issues.ts'

type TypeBoxError = TLocalizedValidationError

/** Splits a JSON pointer (`/tags/0`) into loc segments, numbering array indexes as FastAPI does. */
function pointerToPath(pointer: string, root: unknown): (string | number)[] {
  if (pointer === '') return []
  const path: (string | number)[] = []
  let current: any = root
  for (const raw of pointer.slice(1).split('/')) {
    const key = raw.replaceAll('~1', '/').replaceAll('~0', '~')
    const segment = Array.isArray(current) ? Number(key) : key
    path.push(segment)
    current = current?.[segment]
  }
  return path
}

function schemaAt(root: any, schemaPath: string): any {
  if (schemaPath === '#' || schemaPath === '') return root
  let current = root
  for (const raw of schemaPath.replace(/^#\//, '').split('/')) {
    current = current?.[raw.replaceAll('~1', '/').replaceAll('~0', '~')]
  }
  return current
}

/**
 * Translates TypeBox's errors into FastAPI's issue items. One issue per location (the first TypeBox
 * reports), like pydantic, except `required`, which yields one `missing` issue per absent property.
 */
export function typeboxIssues(
  errors: Iterable<TypeBoxError>,
  value: unknown,
  schema: unknown,
  prefix: (string | number)[],
): ValidationIssue[] {
  const issues: ValidationIssue[] = []
  const seen = new Set<string>()
  for (const error of errors) {
    const path = pointerToPath(error.instancePath, value)
    const input = valueAt(value, path)
    const params = error.params as Record<string, any>
    if (error.keyword === 'required') {
      for (const property of params.requiredProperties as string[]) {
        const loc = [...prefix, ...path, property]
        const key = loc.join('\u0000')
        if (seen.has(key)) continue
        seen.add(key)
        issues.push(issue('missing', loc, messages.missing(), input))
      }
      continue
    }
    if (error.keyword === 'additionalProperties') {
      for (const property of (params.additionalProperties as string[] | undefined) ?? []) {
        const loc = [...prefix, ...path, property]
        issues.push(
          issue('extra_forbidden', loc, 'Extra inputs are not permitted', valueAt(input, [property])),
        )
      }
      continue
    }
    const key = [...prefix, ...path].join('\u0000')
    if (seen.has(key)) continue
    seen.add(key)
    issues.push(translate(error, params, [...prefix, ...path], input, schemaAt(schema, error.schemaPath)))
  }
  return issues
}

function translate(
  error: TypeBoxError,
  params: Record<string, any>,
  loc: (string | number)[],
  input: unknown,
  subschema: any,
): ValidationIssue {
  switch (error.keyword) {
    case 'type': {
      const expected = Array.isArray(params.type) ? params.type[0] : params.type
      if (expected === 'integer' && typeof input === 'number')
        return issue(
          'int_from_float',
          loc,
          'Input should be a valid integer, got a number with a fractional part',
          input,
        )
      if (expected === 'object' && loc.length === 1)
        return issue(
          'model_attributes_type',
          loc,
          'Input should be a valid dictionary or object to extract fields from',
          input,
        )
      const known = typeErrors[expected as string]
      if (known) return issue(known.type, loc, known.msg, input)
      break
    }
    case 'minLength':
      return issue('string_too_short', loc, messages.stringTooShort(params.limit), input, {
        min_length: params.limit,
      })
    case 'maxLength':
      return issue('string_too_long', loc, messages.stringTooLong(params.limit), input, {
        max_length: params.limit,
      })
    case 'pattern':
      return issue('string_pattern_mismatch', loc, messages.pattern(params.pattern), input, {
        pattern: params.pattern,
      })
    case 'minimum':
      return issue('greater_than_equal', loc, messages.greaterThanEqual(params.limit), input, {
        ge: params.limit,
      })
    case 'exclusiveMinimum':
      return issue('greater_than', loc, messages.greaterThan(params.limit), input, { gt: params.limit })
    case 'maximum':
      return issue('less_than_equal', loc, messages.lessThanEqual(params.limit), input, { le: params.limit })
    case 'exclusiveMaximum':
      return issue('less_than', loc, messages.lessThan(params.limit), input, { lt: params.limit })
    case 'multipleOf':
      return issue('multiple_of', loc, messages.multipleOf(params.multipleOf), input, {
        multiple_of: params.multipleOf,
      })
    case 'minItems': {
      const actual = Array.isArray(input) ? input.length : 0
      return issue('too_short', loc, messages.tooShort(params.limit, actual), input, {
        field_type: 'List',
        min_length: params.limit,
        actual_length: actual,
      })
    }
    case 'maxItems': {
      const actual = Array.isArray(input) ? input.length : 0
      return issue('too_long', loc, messages.tooLong(params.limit, actual), input, {
        field_type: 'List',
        max_length: params.limit,
        actual_length: actual,
      })
    }
    case 'const': {
      const expected = quoteChoices([params.allowedValue ?? subschema?.const])
      return issue('literal_error', loc, `Input should be ${expected}`, input, { expected })
    }
    case 'enum': {
      const expected = quoteChoices(params.allowedValues ?? subschema?.enum ?? [])
      return issue('enum', loc, `Input should be ${expected}`, input, { expected })
    }
    case 'anyOf': {
      const branches: any[] = subschema?.anyOf ?? []
      if (branches.length > 0 && branches.every((b) => b && 'const' in b)) {
        const expected = quoteChoices(branches.map((b) => b.const))
        return issue('enum', loc, `Input should be ${expected}`, input, { expected })
      }
      break
    }
    case 'format': {
      const known = formatErrors[params.format as string]
      if (known) return issue(known.type, loc, known.msg, input)
      return issue('string_format', loc, `String should match format '${params.format}'`, input, {
        format: params.format,
      })
    }
  }
  return issue(error.keyword, loc, error.message, input)
}
