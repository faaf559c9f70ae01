import type { TLocalizedValidationError } from 'typebox/error'
import { issue, type ValidationIssue } from './issues.ts'
import { ownKeys } from './own-keys.ts'
import { typeboxIssues } from './typebox-issues.ts'

/**
 * Bounds the work of explaining why a large value is invalid.
 *
 * Checking a value is fast (TypeBox compiles it), but listing its errors walks every item with the
 * interpreter, a microsecond or more each even after the first few errors: 200,000 wrong items in a
 * 1 MiB body blocked the event loop for 0.3 s, 100,000 unknown keys for 0.7 s. An invalid value is
 * therefore explained from a sample: each array's first `SAMPLE_ITEMS` items and each object's first
 * `SAMPLE_ITEMS` keys, plus every key the schema names (so `required` stays true), `ERROR_WALK_BUDGET`
 * values in all. A value within those bounds is its own sample. Locations in the sample are
 * locations in the value.
 */
export const ERROR_WALK_BUDGET = 10_000
export const SAMPLE_ITEMS = 100

/** Keywords whose verdict on a cut container says nothing about the whole one. */
const SIZE_KEYWORDS = new Set(['minItems', 'maxItems', 'minProperties', 'maxProperties', 'contains'])

/** Every property name a schema mentions (`properties`, `required`), at any depth: the sample keeps them. */
export function namedKeys(schema: unknown, into: Set<string> = new Set()): Set<string> {
  const pending: unknown[] = [schema]
  const visited = new Set<object>()
  while (pending.length > 0) {
    const node = pending.pop()
    if (node === null || typeof node !== 'object' || visited.has(node)) continue
    visited.add(node)
    const record = node as Record<string, unknown>
    if (record.properties && typeof record.properties === 'object')
      for (const key of Object.keys(record.properties)) into.add(key)
    if (Array.isArray(record.required)) for (const key of record.required) into.add(String(key))
    for (const child of Object.values(record)) pending.push(child)
  }
  return into
}

/** A bounded copy of a value for the error walk, and the JSON pointers of the containers it cut. */
export interface ErrorSample {
  value: unknown
  cut: Set<string>
}

/**
 * Copies `value` keeping, per container, the first `SAMPLE_ITEMS` items or keys plus every key in
 * `keep`, and `ERROR_WALK_BUDGET` values in all (past it, arrays come out empty and objects keep only
 * the `keep` keys).
 *
 * @example
 * sampleForErrors({ ids: Array(200_000).fill('a') }, new Set(['ids'])).value // { ids: [100 × 'a'] }
 */
export function sampleForErrors(value: unknown, keep: ReadonlySet<string>): ErrorSample {
  const cut = new Set<string>()
  let budget = ERROR_WALK_BUDGET
  // Recursion is bounded by the JSON depth limit (128 by default), checked before parsing.
  const copy = (node: unknown, pointer: string): unknown => {
    budget--
    if (node === null || typeof node !== 'object') return node
    if (Array.isArray(node)) {
      const take = Math.max(0, Math.min(node.length, SAMPLE_ITEMS, budget))
      if (take < node.length) cut.add(pointer)
      const out: unknown[] = []
      for (let i = 0; i < take; i++) out.push(copy(node[i], `${pointer}/${i}`))
      return out
    }
    const record = node as Record<string, unknown>
    const out: Record<string, unknown> = {}
    const add = (key: string) => {
      const item = copy(record[key], `${pointer}/${key.replaceAll('~', '~0').replaceAll('/', '~1')}`)
      // A `__proto__` key (form and query values can carry one) is data, not the copy's prototype.
      Object.defineProperty(out, key, { value: item, enumerable: true, writable: true, configurable: true })
    }
    const keys = ownKeys(record)
    const take = Math.max(0, Math.min(keys.length, SAMPLE_ITEMS, budget))
    for (let i = 0; i < take; i++) add(keys[i]!)
    if (take < keys.length) {
      cut.add(pointer)
      // Keys the schema names are kept wherever they are, so `required` judges the sample as the value.
      for (const key of keep) if (!Object.hasOwn(out, key) && Object.hasOwn(record, key)) add(key)
    }
    return out
  }
  return { value: copy(value, ''), cut }
}

/** Drops the errors the cutting itself caused: size verdicts on a container that was cut. */
export function isSampleArtifact(error: { keyword: string; instancePath: string }, cut: ReadonlySet<string>) {
  return SIZE_KEYWORDS.has(error.keyword) && cut.has(error.instancePath)
}

/**
 * FastAPI's issues for a value TypeBox rejected, in bounded time: the errors of its sample (the value
 * itself when small). When the sample is valid (the fault lies past it), one `value_error` at the
 * value's location says so.
 *
 * @example
 * explainTypeBox(validator, { ids: Array(200_000).fill('a') }, schema, namedKeys(schema), ['body'])
 * // 8 int_type issues at ['body', 'ids', 0…7] (TypeBox's maxErrors), found in a few milliseconds
 */
export function explainTypeBox(
  validator: { Errors(value: unknown): TLocalizedValidationError[] },
  value: unknown,
  schema: unknown,
  keep: ReadonlySet<string>,
  loc: (string | number)[],
): ValidationIssue[] {
  const sample = sampleForErrors(value, keep)
  const errors = validator.Errors(sample.value).filter((error) => !isSampleArtifact(error, sample.cut))
  const issues = typeboxIssues(errors, value, schema, loc)
  if (issues.length > 0) return issues
  return [
    issue(
      'value_error',
      loc,
      `Value error, the input is invalid past the first ${SAMPLE_ITEMS} items or keys of its lists and objects, where errors are looked for`,
      value,
    ),
  ]
}
