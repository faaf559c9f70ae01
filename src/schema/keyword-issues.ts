import type { TLocalizedValidationError } from 'typebox/error'
import { formatErrors, issue, messages, quoteChoices, typeErrors, type ValidationIssue } from './issues.ts'

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`

/**
 * pydantic's wording for a rule it has no error type of its own for: a custom validator's
 * `value_error`, `"Value error, …"`, with the reason in `ctx.error`.
 */
function valueError(loc: (string | number)[], reason: string, input: unknown): ValidationIssue {
  return issue('value_error', loc, `Value error, ${reason}`, input, { error: reason })
}

const sizeOf = (input: unknown): number =>
  Array.isArray(input)
    ? input.length
    : input !== null && typeof input === 'object'
      ? Object.keys(input).length
      : 0

/**
 * Translates one TypeBox error (any keyword TypeBox reports) into pydantic v2's type and message; the
 * table in docs/parameters.md lists them. `subschema` is the schema the keyword belongs to; `parent` is the
 * schema and value one level up (a tuple, for the `false` that forbids its extra items).
 *
 * @example
 * keywordIssue({ keyword: 'minProperties', params: { limit: 1 }, ... }, ['body', 'tags'], {}, schema, undefined)
 * // { type: 'too_short', msg: 'Dictionary should have at least 1 item after validation, not 0', ... }
 */
export function keywordIssue(
  error: TLocalizedValidationError,
  loc: (string | number)[],
  input: unknown,
  subschema: any,
  parent: { schema: any; input: unknown },
): ValidationIssue {
  const params = error.params as Record<string, any>
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
      return valueError(loc, `Input should be of type ${String(expected)}`, input)
    }
    case 'minLength':
      return issue('string_too_short', loc, messages.stringTooShort(params.limit), input, {
        min_length: params.limit,
      })
    case 'maxLength':
      return issue('string_too_long', loc, messages.stringTooLong(params.limit), input, {
        max_length: params.limit,
      })
    case 'pattern': {
      const pattern = String(params.pattern instanceof RegExp ? params.pattern.source : params.pattern)
      return issue('string_pattern_mismatch', loc, messages.pattern(pattern), input, { pattern })
    }
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
    case 'minItems':
    case 'minProperties':
    case 'maxItems':
    case 'maxProperties':
      return sizeIssue(error.keyword, params.limit, loc, input)
    case 'const': {
      const expected = quoteChoices([params.allowedValue ?? subschema?.const])
      return issue('literal_error', loc, `Input should be ${expected}`, input, { expected })
    }
    case 'enum': {
      const expected = quoteChoices(params.allowedValues ?? subschema?.enum ?? [])
      return issue('enum', loc, `Input should be ${expected}`, input, { expected })
    }
    case 'anyOf':
    case 'oneOf': {
      const branches: any[] = subschema?.anyOf ?? subschema?.oneOf ?? []
      if (branches.length > 0 && branches.every((b) => b && 'const' in b)) {
        const expected = quoteChoices(branches.map((b) => b.const))
        return issue('enum', loc, `Input should be ${expected}`, input, { expected })
      }
      if (error.keyword === 'oneOf' && (params.passingSchemas?.length ?? 0) > 1)
        return valueError(loc, 'Input matches more than one of the allowed schemas', input)
      return valueError(loc, 'Input should match one of the allowed schemas', input)
    }
    case 'format': {
      const known = formatErrors[params.format as string]
      if (known) return issue(known.type, loc, known.msg, input)
      return issue('string_format', loc, `String should match format '${params.format}'`, input, {
        format: params.format,
      })
    }
    case 'dependencies':
    case 'dependentRequired': {
      // `a` requires `b`: the absent `b` is reported as pydantic reports any absent field.
      const deps: string[] = params.dependencies ?? []
      const absent = deps.find((name) => input === null || typeof input !== 'object' || !(name in input))
      return issue('missing', [...loc, absent ?? params.property], messages.missing(), input)
    }
    case 'uniqueItems':
      return valueError(loc, 'List should have unique items', input)
    case 'contains': {
      const { minContains, maxContains } = params
      return valueError(
        loc,
        maxContains === undefined
          ? `List should contain at least ${plural(minContains, 'matching item')}`
          : `List should contain between ${minContains} and ${plural(maxContains, 'matching item')}`,
        input,
      )
    }
    case 'not':
      return valueError(loc, 'Input should not match the excluded schema', input)
    case 'if':
      return valueError(loc, `Input should match the '${params.failingKeyword}' schema`, input)
    case 'propertyNames':
      return valueError(loc, `Invalid property names: ${quoteChoices(params.propertyNames ?? [])}`, input)
    case 'boolean': {
      // `false` under `additionalItems`/`items` is a tuple's length: pydantic's `too_long`.
      const items: unknown = parent.schema?.items ?? parent.schema?.prefixItems
      if (Array.isArray(items) && Array.isArray(parent.input))
        return tooLongTuple(loc, items.length, parent.input)
      return issue('extra_forbidden', loc, 'Extra inputs are not permitted', input)
    }
    case '~refine':
      return valueError(loc, String(params.message ?? error.message), input)
  }
  return valueError(loc, error.message, input)
}

/** pydantic's `too_short`/`too_long` for a list (`minItems`…) or a dictionary (`minProperties`…). */
export function sizeIssue(
  keyword: string,
  limit: number,
  loc: (string | number)[],
  input: unknown,
): ValidationIssue {
  const kind = keyword.endsWith('Items') ? 'List' : 'Dictionary'
  const actual = sizeOf(input)
  if (keyword.startsWith('min')) {
    const msg = `${kind} should have at least ${plural(limit, 'item')} after validation, not ${actual}`
    return issue('too_short', loc, msg, input, { field_type: kind, min_length: limit, actual_length: actual })
  }
  const msg = `${kind} should have at most ${plural(limit, 'item')} after validation, not ${actual}`
  return issue('too_long', loc, msg, input, { field_type: kind, max_length: limit, actual_length: actual })
}

function tooLongTuple(loc: (string | number)[], max: number, tuple: unknown[]): ValidationIssue {
  const parentLoc = loc.slice(0, -1)
  return issue(
    'too_long',
    parentLoc,
    `Tuple should have at most ${plural(max, 'item')} after validation, not ${tuple.length}`,
    tuple,
    { field_type: 'Tuple', max_length: max, actual_length: tuple.length },
  )
}
