import { type CompiledSchema, compileSchema } from '../schema/compile.ts'
import { issue, messages, type ValidationIssue } from '../schema/issues.ts'
import { NO_REFS, type SchemaRefs } from '../schema/refs.ts'
import type { FieldSchemas } from '../schema/types.ts'
import { type Coercer, coercerFor, isListSchema, type RawValue } from './coerce.ts'

/** Where a parameter comes from; also the first element of its error `loc`. */
export type ParamSource = 'path' | 'query' | 'header' | 'cookie' | 'body'

interface FieldPlan {
  /** The name the handler sees (`ctx.query.limit`). */
  name: string
  /** The name looked up in the request (`x-token` for a header declared as `xToken`). */
  key: string
  loc: (string | number)[]
  compiled: CompiledSchema
  coerce: Coercer
}

type Extracted = Record<string, unknown>
type FieldOutcome = { name: string; value: unknown } | { issues: ValidationIssue[] } | null

/**
 * Header parameters are looked up by their HTTP name: `xToken`, `x_token` and `'x-token'` all read the
 * `x-token` header (FastAPI converts underscores the same way), and errors report that name. A schema
 * with `convertUnderscores: false` (FastAPI's `Header(convert_underscores=False)`) keeps the name as
 * written, lower-cased: `x_token` reads the `x_token` header.
 *
 * @example
 * headerName('userAgent') // 'user-agent'
 * headerName('x_token', { convertUnderscores: false }) // 'x_token'
 */
export function headerName(name: string, schema?: { convertUnderscores?: unknown }): string {
  if (schema?.convertUnderscores === false) return name.toLowerCase()
  return name
    .replace(/([a-z0-9])([A-Z])/g, '$1-$2')
    .replaceAll('_', '-')
    .toLowerCase()
}

/**
 * Extracts, coerces and validates one request part's declared fields. Built once per route; `extract`
 * appends every problem to `issues` (in declaration order) and returns the typed values.
 */
export class FieldsExtractor {
  readonly fields: readonly FieldPlan[]
  /** The keys of list-declared fields (`t.Array(...)`), which read every value of a repeated key. */
  readonly listKeys: readonly string[]

  constructor(
    readonly source: ParamSource,
    schemas: FieldSchemas,
    context: string,
    refs: SchemaRefs = NO_REFS,
  ) {
    this.fields = Object.entries(schemas).map(([name, schema]) => {
      const compiled = compileSchema(schema, `${context} ${source} parameter "${name}"`, refs)
      const key = source === 'header' ? headerName(name, compiled.json.input) : name
      return { name, key, loc: [source, key], compiled, coerce: coercerFor(compiled.json.input) }
    })
    this.listKeys = this.fields.filter((field) => isListSchema(field.compiled.json.input)).map((f) => f.key)
  }

  /** The field's value, or its issues, or null when an optional field without default is absent. */
  private one(field: FieldPlan, raw: RawValue | undefined): FieldOutcome | Promise<FieldOutcome> {
    let candidate: unknown
    if (raw === undefined) {
      if (field.compiled.hasDefault) candidate = undefined
      else if (field.compiled.optional) return null
      else return { issues: [issue('missing', field.loc, messages.missing(), null)] }
    } else {
      const coerced = field.coerce(raw, field.loc)
      if ('issue' in coerced) return { issues: [coerced.issue] }
      candidate = coerced.value
    }
    const checked = field.compiled.check(candidate, field.loc)
    const settle = (result: Awaited<typeof checked>): FieldOutcome =>
      result.issues
        ? { issues: reportRawInput(result.issues, field.loc.length, raw) }
        : { name: field.name, value: result.value }
    return checked instanceof Promise ? checked.then(settle) : settle(checked)
  }

  extract(
    raw: Record<string, RawValue | undefined>,
    issues: ValidationIssue[],
  ): Extracted | Promise<Extracted> {
    const outcomes: (FieldOutcome | Promise<FieldOutcome>)[] = []
    let async = false
    for (const field of this.fields) {
      const outcome = this.one(field, raw[field.key])
      if (outcome instanceof Promise) async = true
      outcomes.push(outcome)
    }
    // Standard Schema validators may be async; awaiting all keeps the issues in declaration order.
    if (async) return Promise.all(outcomes).then((settled) => collect(settled, issues))
    return collect(outcomes as FieldOutcome[], issues)
  }
}

/**
 * pydantic reports the input as the client sent it: `"101"` for `?limit=101` over a maximum of 100,
 * not the converted `101`. Issues at the field itself, or at one item of a repeated key, get the raw text.
 */
function reportRawInput(
  issues: ValidationIssue[],
  depth: number,
  raw: RawValue | undefined,
): ValidationIssue[] {
  if (raw === undefined) return issues
  for (const item of issues) {
    if (item.loc.length === depth) item.input = raw
    else if (item.loc.length === depth + 1 && typeof item.loc[depth] === 'number') {
      const values = Array.isArray(raw) ? raw : [raw]
      item.input = values[item.loc[depth] as number] ?? item.input
    }
  }
  return issues
}

function collect(outcomes: FieldOutcome[], issues: ValidationIssue[]): Extracted {
  const values: Extracted = {}
  for (const outcome of outcomes) {
    if (outcome === null) continue
    if ('issues' in outcome) issues.push(...outcome.issues)
    else if (outcome.value !== undefined) values[outcome.name] = outcome.value
  }
  return values
}
