import type { ValidationIssue } from './issues.ts'
import { ownKeys } from './own-keys.ts'

/**
 * Bounds of the `input` a 422 echoes back. A value the parser accepted can be a megabyte wide or 128
 * levels deep, and one value can be the `input` of several issues (`missing` echoes the parent object):
 * re-serialized whole, the answer to a small hostile request could be far larger than the request.
 */
export const INPUT_LIMITS = {
  /** Containers deeper than this below the issue's input are replaced by a description. */
  depth: 4,
  /** Items of an array, and keys of an object, shown per container. */
  items: 20,
  /** Characters shown of a string. */
  chars: 1000,
  /** Values shown per input in all (containers and scalars); the rest is cut like extra items. */
  values: 200,
} as const

type Summary = { budget: number; seen: Map<object, unknown> }

const isPlainObject = (value: object): value is Record<string, unknown> => {
  const proto = Object.getPrototypeOf(value)
  return proto === Object.prototype || proto === null
}

const count = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`

const describe = (value: unknown[], keys: string[] | undefined): string =>
  keys === undefined
    ? `[array of ${count(value.length, 'item')}]`
    : `{object with ${count(keys.length, 'key')}}`

const cutString = (value: string): string =>
  value.length <= INPUT_LIMITS.chars
    ? value
    : `${value.slice(0, INPUT_LIMITS.chars)}… (${count(value.length - INPUT_LIMITS.chars, 'more character')})`

function summarize(value: unknown, level: number, state: Summary): unknown {
  state.budget--
  if (typeof value === 'string') return cutString(value)
  if (typeof value === 'bigint') return String(value)
  if (value === null || typeof value !== 'object') return value
  if (!Array.isArray(value) && !isPlainObject(value)) return value
  // The same object echoed by several issues is summarized once (and a cycle cannot loop): a huge
  // object's keys are listed once per response, not once per issue.
  const known = state.seen.get(value)
  if (known !== undefined) return known
  // Listed once (and shared with the error sample): the keys of a 100,000-key object cost milliseconds.
  const keys = Array.isArray(value) ? undefined : ownKeys(value)
  state.seen.set(value, describe(value as unknown[], keys))
  if (level >= INPUT_LIMITS.depth || state.budget <= 0) return state.seen.get(value)
  const room = () => Math.min(INPUT_LIMITS.items, Math.max(state.budget, 0))
  let result: unknown
  if (keys === undefined) {
    const array = value as unknown[]
    const shown: unknown[] = []
    const take = Math.min(array.length, room())
    for (let i = 0; i < take; i++) shown.push(summarize(array[i], level + 1, state))
    if (array.length > take) shown.push(`… ${count(array.length - take, 'more item')}`)
    result = shown
  } else {
    const record = value as Record<string, unknown>
    const shown: Record<string, unknown> = {}
    const take = Math.min(keys.length, room())
    for (let i = 0; i < take; i++) shown[keys[i]!] = summarize(record[keys[i]!], level + 1, state)
    if (keys.length > take) shown['…'] = count(keys.length - take, 'more key')
    result = shown
  }
  state.seen.set(value, result)
  return result
}

/**
 * A bounded copy of a value for the `input` of a 422 issue: small values come back unchanged (equal,
 * as FastAPI echoes them); past the limits of `INPUT_LIMITS`, strings are cut with `… (N more
 * characters)`, arrays end with a `"… N more items"` element, objects with a `"…": "N more keys"`
 * entry, and containers too deep become `"[array of N items]"` / `"{object with N keys}"`.
 * `seen` shares summaries between the issues of one response.
 *
 * @example
 * summarizeInput('x'.repeat(1005)) // 'xxx…x… (5 more characters)' (1000 x's kept)
 * summarizeInput([[[[[1]]]]]) // [[[['[array of 1 item]']]]]
 */
export function summarizeInput(value: unknown, seen: Map<object, unknown> = new Map()): unknown {
  return summarize(value, 0, { budget: INPUT_LIMITS.values, seen })
}

/**
 * An issue whose every part is bounded: `input` and `ctx` summarized as above, and `msg` and each
 * string of `loc` cut like a string input (a Standard Schema message can list 100,000 unknown keys; a
 * key can be a megabyte long).
 *
 * @example
 * boundIssue({ type: 'unrecognized_keys', loc: ['body'], msg: 'Unrecognized keys: …100,000 names…', input: {} })
 * // msg: the first 1,000 characters, then '… (N more characters)'
 */
export function boundIssue(item: ValidationIssue, seen: Map<object, unknown>): ValidationIssue {
  const bounded: ValidationIssue = {
    type: item.type,
    loc: item.loc.map((part) => (typeof part === 'string' ? cutString(part) : part)),
    msg: cutString(item.msg),
    input: summarizeInput(item.input, seen),
  }
  if (item.ctx !== undefined) bounded.ctx = summarizeInput(item.ctx, seen) as Record<string, unknown>
  return bounded
}
