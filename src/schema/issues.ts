/**
 * One validation problem in FastAPI's (pydantic v2) shape: `{ type, loc, msg, input, ctx? }`.
 * `loc` starts with the request part (`path`, `query`, `header`, `cookie`, `body`).
 */
export interface ValidationIssue {
  type: string
  loc: (string | number)[]
  msg: string
  input: unknown
  ctx?: Record<string, unknown>
}

/** Builds an issue, leaving `ctx` out when there is none (pydantic omits the key). */
export function issue(
  type: string,
  loc: (string | number)[],
  msg: string,
  input: unknown,
  ctx?: Record<string, unknown>,
): ValidationIssue {
  return ctx === undefined ? { type, loc, msg, input } : { type, loc, msg, input, ctx }
}

/**
 * At most this many issues are reported per request; the rest are dropped and counted in one final
 * `too_many_errors` issue. Builds the answer to a body of 200,000 wrong items in bounded time.
 */
export const MAX_ISSUES = 100

/** The final issue standing for `dropped` issues that were not reported. */
export function tooManyErrors(part: string | number, dropped: number): ValidationIssue {
  return issue(
    'too_many_errors',
    [part],
    `${dropped} more error${dropped === 1 ? ' was' : 's were'} not reported`,
    null,
    { max_errors: MAX_ISSUES, dropped },
  )
}

/**
 * Keeps the first `MAX_ISSUES` issues and ends the list with one `too_many_errors` issue counting
 * everything dropped (earlier `too_many_errors` issues included).
 *
 * @example
 * limitIssues(manyIssues).at(-1) // { type: 'too_many_errors', loc: ['body'], msg: '12 more errors were not reported', ... }
 */
export function limitIssues(issues: ValidationIssue[]): ValidationIssue[] {
  const dropped = issues.filter((item) => item.type === 'too_many_errors')
  if (issues.length <= MAX_ISSUES && dropped.length === 0) return issues
  const real = dropped.length === 0 ? issues : issues.filter((item) => item.type !== 'too_many_errors')
  const kept = real.slice(0, MAX_ISSUES)
  const count =
    real.length - kept.length + dropped.reduce((sum, item) => sum + (item.ctx?.dropped as number), 0)
  if (count === 0) return kept
  const part = dropped[0]?.loc[0] ?? real[MAX_ISSUES]?.loc[0] ?? 'body'
  return [...kept, tooManyErrors(part, count)]
}

/** pydantic's way of quoting expected values: `'a', 'b' or 'c'`. */
export function quoteChoices(values: readonly unknown[]): string {
  const quoted = values.map((v) => (typeof v === 'string' ? `'${v}'` : JSON.stringify(v)))
  if (quoted.length <= 1) return quoted.join('')
  return `${quoted.slice(0, -1).join(', ')} or ${quoted.at(-1)}`
}

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`

/** Messages pydantic v2 uses for the constraint keywords JSON Schema shares with it. */
export const messages = {
  missing: () => 'Field required',
  stringTooShort: (n: number) => `String should have at least ${plural(n, 'character')}`,
  stringTooLong: (n: number) => `String should have at most ${plural(n, 'character')}`,
  pattern: (p: string) => `String should match pattern '${p}'`,
  greaterThan: (n: number) => `Input should be greater than ${n}`,
  greaterThanEqual: (n: number) => `Input should be greater than or equal to ${n}`,
  lessThan: (n: number) => `Input should be less than ${n}`,
  lessThanEqual: (n: number) => `Input should be less than or equal to ${n}`,
  multipleOf: (n: number) => `Input should be a multiple of ${n}`,
} as const

/** Type errors per JSON Schema type, as pydantic names them. */
export const typeErrors: Record<string, { type: string; msg: string }> = {
  string: { type: 'string_type', msg: 'Input should be a valid string' },
  integer: { type: 'int_type', msg: 'Input should be a valid integer' },
  number: { type: 'float_type', msg: 'Input should be a valid number' },
  boolean: { type: 'bool_type', msg: 'Input should be a valid boolean' },
  array: { type: 'list_type', msg: 'Input should be a valid list' },
  object: { type: 'dict_type', msg: 'Input should be a valid dictionary' },
  null: { type: 'none_required', msg: 'Input should be None' },
}

/** Formats JSON Schema names, mapped to pydantic's error for the same kind of value. */
export const formatErrors: Record<string, { type: string; msg: string }> = {
  uuid: { type: 'uuid_parsing', msg: 'Input should be a valid UUID' },
  'date-time': { type: 'datetime_parsing', msg: 'Input should be a valid datetime' },
  date: { type: 'date_parsing', msg: 'Input should be a valid date' },
  time: { type: 'time_parsing', msg: 'Input should be a valid time' },
  email: { type: 'value_error', msg: 'value is not a valid email address' },
  uri: { type: 'url_parsing', msg: 'Input should be a valid URL' },
  url: { type: 'url_parsing', msg: 'Input should be a valid URL' },
}

/** Reads the value at `path` inside `root`, or undefined where the path leaves the value. */
export function valueAt(root: unknown, path: readonly (string | number)[]): unknown {
  let current: any = root
  for (const key of path) {
    if (current === null || typeof current !== 'object') return undefined
    current = current[key]
  }
  return current
}
