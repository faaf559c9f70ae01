import type { TLocalizedValidationError } from 'typebox/error'
import { issue, messages, type ValidationIssue, valueAt } from './issues.ts'
import { keywordIssue } from './keyword-issues.ts'

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
    // TypeBox reports paths through a `$ref` as if it were inlined: follow local references.
    for (let hops = 0; hops < 16 && typeof current?.$ref === 'string' && !(raw in current); hops++) {
      if (!current.$ref.startsWith('#/')) break
      current = schemaAt(root, current.$ref)
    }
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
    if (isRedundant(error, value, schema, issues, prefix)) continue
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
        const key = loc.join('\u0000')
        if (seen.has(key)) continue
        seen.add(key)
        issues.push(
          issue('extra_forbidden', loc, 'Extra inputs are not permitted', valueAt(input, [property])),
        )
      }
      continue
    }
    // `additionalProperties: false` also fails each extra property against the schema `false`.
    if (error.keyword === 'boolean' && error.schemaPath.endsWith('/additionalProperties')) {
      const loc = [...prefix, ...path]
      const key = loc.join('\u0000')
      if (seen.has(key)) continue
      seen.add(key)
      issues.push(issue('extra_forbidden', loc, 'Extra inputs are not permitted', input))
      continue
    }
    const key = [...prefix, ...path].join('\u0000')
    if (seen.has(key)) continue
    seen.add(key)
    const parentSchemaPath = error.schemaPath.slice(0, error.schemaPath.lastIndexOf('/'))
    const parent = { schema: schemaAt(schema, parentSchemaPath), input: valueAt(value, path.slice(0, -1)) }
    issues.push(keywordIssue(error, [...prefix, ...path], input, schemaAt(schema, error.schemaPath), parent))
  }
  return issues
}

/**
 * Errors pydantic would not report:
 * - the `null` branch of a nullable union (`t.Union([X, t.Null()])`) when the value is not null: the
 *   inner errors of `X` say it all (pydantic's `Optional[X]`);
 * - a union's own "no branch matched" when a branch already reported what is wrong inside it.
 */
function isRedundant(
  error: TypeBoxError,
  value: unknown,
  schema: unknown,
  reported: readonly ValidationIssue[],
  prefix: readonly (string | number)[],
): boolean {
  const { keyword, schemaPath } = error
  if (keyword === 'type' && (error.params as { type: unknown }).type === 'null') {
    return (
      /\/(anyOf|oneOf)\/\d+$/.test(schemaPath) &&
      valueAt(value, pointerToPath(error.instancePath, value)) !== null
    )
  }
  if (keyword === 'anyOf' || keyword === 'oneOf') {
    if (
      keyword === 'oneOf' &&
      ((error.params as { passingSchemas?: number[] }).passingSchemas?.length ?? 0) > 1
    )
      return false
    const branches: any[] = (schemaAt(schema, schemaPath) as any)?.[keyword] ?? []
    if (branches.length > 0 && branches.every((b) => b && typeof b === 'object' && 'const' in b)) return false
    const loc = [...prefix, ...pointerToPath(error.instancePath, value)]
    return reported.some((item) => loc.every((segment, i) => item.loc[i] === segment))
  }
  return false
}
