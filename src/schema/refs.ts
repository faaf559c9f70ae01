import type { TSchema } from 'typebox'
import type { JsonSchema } from './compile.ts'

/**
 * The app's named TypeBox schemas (`$id` → schema), so that `t.Ref('Item')` in one route finds the
 * `Item` declared in another, or listed in `new App({ schemas: [Item] })`.
 */
export type SchemaRefs = ReadonlyMap<string, TSchema>

export const NO_REFS: SchemaRefs = new Map()

/** Keywords whose values are data, not schemas. */
const DATA_KEYWORDS = new Set(['enum', 'const', 'default', 'examples', 'example'])

/** Visits every schema node of a JSON Schema (not the data under `default`, `enum`…). */
function walk(node: unknown, visit: (node: Record<string, unknown>) => void): void {
  if (Array.isArray(node)) {
    for (const item of node) walk(item, visit)
    return
  }
  if (node === null || typeof node !== 'object') return
  visit(node as Record<string, unknown>)
  for (const [key, value] of Object.entries(node)) if (!DATA_KEYWORDS.has(key)) walk(value, visit)
}

/**
 * Collects every TypeBox schema with an `$id` reachable from `roots` (route options, dependencies,
 * `responses`…), plus `extra` (the App's `schemas` option). The first schema of a name wins; the
 * OpenAPI document already refuses two different schemas under one name.
 *
 * @example
 * const refs = collectSchemaRefs([{ body: t.Object({ a: Item }) }], [])
 * refs.get('Item') // Item
 */
export function collectSchemaRefs(roots: readonly unknown[], extra: readonly unknown[] = []): SchemaRefs {
  const refs = new Map<string, TSchema>()
  const seen = new Set<object>()
  const visit = (value: unknown): void => {
    if (value === null || (typeof value !== 'object' && typeof value !== 'function')) return
    if (seen.has(value as object)) return
    seen.add(value as object)
    if ('~standard' in (value as object)) return // Zod & co. name their schemas their own way
    const record = value as Record<string, unknown>
    if (typeof record.$id === 'string' && '~kind' in record && !refs.has(record.$id))
      refs.set(record.$id, value as TSchema)
    for (const [key, child] of Object.entries(record)) {
      if (DATA_KEYWORDS.has(key) || typeof child === 'function') continue
      visit(child)
    }
  }
  for (const schema of extra) visit(schema)
  for (const root of roots) visit(root)
  return refs
}

/** The `$ref` names a schema uses that it does not define itself (with a nested `$id`). */
function foreignRefs(json: JsonSchema): Set<string> {
  const ids = new Set<string>()
  const used = new Set<string>()
  walk(json, (node) => {
    if (typeof node.$id === 'string') ids.add(node.$id)
    if (typeof node.$ref === 'string' && !node.$ref.startsWith('#')) used.add(node.$ref)
  })
  for (const id of ids) used.delete(id)
  return used
}

/** True when the schema points (`t.Ref`) at a named schema it does not contain. */
export function usesRefs(json: JsonSchema, refs: SchemaRefs): boolean {
  if (refs.size === 0) return false
  return [...foreignRefs(json)].some((name) => refs.has(name))
}

const plain = (schema: unknown): JsonSchema => JSON.parse(JSON.stringify(schema))

/**
 * A self-contained copy of `json`: every schema it references by name (`t.Ref('Item')`) is copied into
 * its `$defs` and the reference rewritten to `#/$defs/Item`, with `$id`s removed so every pointer is
 * relative to the root. fast-json-stringify and the parameter coercion read this form. A schema that
 * references nothing outside itself is returned as it is.
 *
 * @example
 * inlineRefs({ $ref: 'Item' }, refs) // { $ref: '#/$defs/Item', $defs: { Item: { type: 'object', ... } } }
 */
export function inlineRefs(json: JsonSchema, refs: SchemaRefs): JsonSchema {
  if (!usesRefs(json, refs)) return json
  const defs: Record<string, JsonSchema> = {}
  const rewrite = (node: unknown): unknown => {
    if (Array.isArray(node)) return node.map(rewrite)
    if (node === null || typeof node !== 'object') return node
    const copy: Record<string, unknown> = {}
    for (const [key, value] of Object.entries(node)) {
      if (key === '$id') continue
      copy[key] = DATA_KEYWORDS.has(key) ? value : rewrite(value)
    }
    const ref = copy.$ref
    if (typeof ref === 'string' && !ref.startsWith('#') && refs.has(ref)) {
      copy.$ref = `#/$defs/${ref}`
      if (!(ref in defs)) {
        defs[ref] = {}
        defs[ref] = rewrite(plain(refs.get(ref))) as JsonSchema
      }
    }
    return copy
  }
  const root = rewrite(json) as JsonSchema
  root.$defs = { ...(root.$defs as JsonSchema | undefined), ...defs }
  return root
}
