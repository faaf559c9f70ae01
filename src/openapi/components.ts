import { compileSchema, isStandardSchema, type JsonSchema } from '../schema/compile.ts'
import type { AnySchema } from '../schema/types.ts'
import { schemaInvalid } from './schema-errors.ts'
import type { SchemaObject } from './types.ts'

/** Which side of the wire a schema describes: what clients send, or what the server returns. */
export type SchemaMode = 'input' | 'output'

/** The `type` values JSON Schema knows; TypeBox's `function`, `bigint`, `undefined`… have no JSON form. */
const JSON_TYPES = new Set(['null', 'boolean', 'object', 'array', 'number', 'string', 'integer'])

/** Keywords whose values are data, not schemas: never searched for `$id`, `$ref` or `type`. */
const DATA_KEYWORDS = new Set(['enum', 'const', 'default', 'examples', 'example'])

/** Keywords whose values map names to schemas. */
const SCHEMA_MAPS = new Set(['properties', 'patternProperties', 'dependentSchemas', 'definitions'])

/** Names allowed as `components/schemas` keys by OpenAPI. */
const COMPONENT_NAME = /[^A-Za-z0-9._-]/g

const REF_PREFIX = '#/components/schemas/'
/** Marks a `$ref` whose final target (plain, `-Input` or `-Output`) is chosen in `finish()`. */
const PENDING = '\u0000'

interface Entry {
  schema: SchemaObject
  /** The canonical text, to compare a second definition under the same name. */
  text: string
  context: string
}

interface PendingRef {
  target: { $ref: string }
  name: string
  mode: SchemaMode
  context: string
}

/**
 * Converts route schemas into the document's form and collects their named parts into
 * `components/schemas`: TypeBox `$id`s and Zod `.meta({ id })` definitions become components referenced
 * with `$ref`. A component whose input and output forms differ (defaults, transforms) is published twice,
 * as `Name-Input` and `Name-Output`, as FastAPI does; otherwise once, as `Name`.
 *
 * @example
 * const components = new SchemaComponents()
 * components.convert(Item, 'input', 'POST /items body') // { $ref: '#/components/schemas/Item' } once finished
 * components.finish() // { Item: { type: 'object', ... } }
 */
export class SchemaComponents {
  private readonly entries = new Map<string, Partial<Record<SchemaMode, Entry>>>()
  private readonly refs: PendingRef[] = []
  private readonly plain = new WeakMap<object, { input: JsonSchema; output: JsonSchema }>()

  /** The document form of `schema`, as a client sends it (`input`) or the server returns it (`output`). */
  convert(schema: AnySchema, mode: SchemaMode, context: string): SchemaObject {
    return this.normalize(this.toJson(schema, context)[mode], mode, context)
  }

  /** Registers a component the framework itself publishes (the 422 body), the same in both modes. */
  define(name: string, schema: SchemaObject): void {
    for (const mode of ['input', 'output'] as const) this.register(name, schema, mode, 'Wharf')
  }

  /** A `$ref` to a component by name, resolved to its `-Input`/`-Output` form when it has two. */
  ref(name: string, mode: SchemaMode, context = 'Wharf'): SchemaObject {
    return this.track({ $ref: '' }, name, mode, context)
  }

  private track(target: { $ref: string }, name: string, mode: SchemaMode, context: string): { $ref: string } {
    target.$ref = `${PENDING}${name}`
    this.refs.push({ target, name, mode, context })
    return target
  }

  /** Resolves every `$ref` and returns `components/schemas`, sorted by name. */
  finish(): Record<string, SchemaObject> {
    const split = this.splitNames()
    for (const { target, name, mode, context } of this.refs) {
      if (!this.entries.has(name)) {
        throw schemaInvalid(context, `"$ref": "${name}" names no schema; give the schema it means that $id`)
      }
      target.$ref = `${REF_PREFIX}${split.has(name) ? suffixed(name, mode) : name}`
    }
    const schemas: Record<string, SchemaObject> = {}
    for (const name of [...this.entries.keys()].sort()) {
      const { input, output } = this.entries.get(name)!
      if (split.has(name)) {
        schemas[suffixed(name, 'input')] = input!.schema
        schemas[suffixed(name, 'output')] = output!.schema
      } else schemas[name] = (input ?? output)!.schema
    }
    return schemas
  }

  private toJson(schema: AnySchema, context: string): { input: JsonSchema; output: JsonSchema } {
    const cached = this.plain.get(schema)
    if (cached) return cached
    let json: { input: JsonSchema; output: JsonSchema }
    try {
      // TypeBox schemas are JSON Schema already: a plain copy is enough, no validator is compiled twice.
      json = isStandardSchema(schema)
        ? compileSchema(schema, context).json
        : { input: JSON.parse(JSON.stringify(schema)), output: JSON.parse(JSON.stringify(schema)) }
    } catch (error) {
      throw schemaInvalid(context, (error as Error).message, error)
    }
    this.plain.set(schema, json)
    return json
  }

  /** A copy of `json` with named subschemas moved to components and every `$ref` pointing there. */
  private normalize(json: JsonSchema, mode: SchemaMode, context: string): SchemaObject {
    const walk = (node: unknown): unknown => {
      if (Array.isArray(node)) return node.map(walk)
      if (node === null || typeof node !== 'object') return node
      const { $id, $defs, $schema: _dialect, ...rest } = node as Record<string, unknown>
      if ($defs && typeof $defs === 'object') {
        for (const [name, def] of Object.entries($defs)) {
          const walked = walk(def) as SchemaObject
          // A definition with its own $id (TypeBox's Cyclic) was registered under it by the walk.
          if (typeof (def as Record<string, unknown>)?.$id !== 'string')
            this.register(name, walked, mode, context)
        }
      }
      const copy: Record<string, unknown> = {}
      for (const [key, value] of Object.entries(rest)) {
        if (DATA_KEYWORDS.has(key)) copy[key] = value
        else if (SCHEMA_MAPS.has(key) && value !== null && typeof value === 'object') {
          // Keys here are property names (a property may be called `default`), values are schemas.
          copy[key] = Object.fromEntries(Object.entries(value).map(([name, schema]) => [name, walk(schema)]))
        } else copy[key] = walk(value)
      }
      if (mode === 'input') optionalDefaults(copy, rest.properties)
      checkType(copy.type, context)
      if (typeof copy.$ref === 'string') {
        const name = componentNameOf(copy.$ref, context)
        if (name !== undefined) this.track(copy as { $ref: string }, name, mode, context)
      }
      if (typeof $id === 'string') {
        const name = $id.replace(COMPONENT_NAME, '_')
        this.register(name, copy, mode, context)
        return this.ref(name, mode, context)
      }
      return copy
    }
    return walk(json) as SchemaObject
  }

  private register(name: string, schema: SchemaObject, mode: SchemaMode, context: string): void {
    const text = JSON.stringify(schema)
    const forms = this.entries.get(name) ?? {}
    const existing = forms[mode]
    if (existing && existing.text !== text) {
      throw schemaInvalid(
        context,
        `the schema named "${name}" differs from another schema of the same name (first used by ${existing.context}); give one of them another $id`,
      )
    }
    forms[mode] ??= { schema, text, context }
    this.entries.set(name, forms)
  }

  /**
   * Names published twice: those whose input and output forms differ, and, transitively, those that
   * reference one of them (a parent must point at the child form of its own side).
   */
  private splitNames(): Set<string> {
    const split = new Set<string>()
    for (const [name, { input, output }] of this.entries) {
      if (input && output && input.text !== output.text) split.add(name)
    }
    let changed = true
    while (changed) {
      changed = false
      for (const [name, { input, output }] of this.entries) {
        if (split.has(name) || !input || !output) continue
        // The texts are JSON, where the marker is escaped: search for the JSON form of the ref.
        if ([...split].some((child) => input.text.includes(JSON.stringify(`${PENDING}${child}`)))) {
          split.add(name)
          changed = true
        }
      }
    }
    return split
  }
}

/**
 * A property with a default may be left out by clients (the default is applied), so the input form does
 * not list it as `required`; the output form does, since the server always sends it. TypeBox lists
 * such properties as required in both; FastAPI's `-Input`/`-Output` components differ exactly here.
 */
function optionalDefaults(copy: Record<string, unknown>, properties: unknown): void {
  if (!Array.isArray(copy.required) || properties === null || typeof properties !== 'object') return
  const withDefault = (name: string) => {
    const property = (properties as Record<string, unknown>)[name]
    return property !== null && typeof property === 'object' && Object.hasOwn(property, 'default')
  }
  const required = copy.required.filter((name) => !withDefault(name))
  if (required.length === copy.required.length) return
  if (required.length === 0) delete copy.required
  else copy.required = required
}

function suffixed(name: string, mode: SchemaMode): string {
  return `${name}-${mode === 'input' ? 'Input' : 'Output'}`
}

/**
 * `#/$defs/Item` (Zod) and `Item` (TypeBox `t.Ref`) name a component. Any other local pointer (`#` for
 * an unnamed recursive schema) would point into the OpenAPI document instead of the schema: an error.
 */
function componentNameOf(ref: string, context: string): string | undefined {
  if (ref.startsWith(PENDING)) return undefined
  if (ref.startsWith('#/$defs/')) return decodeURIComponent(ref.slice('#/$defs/'.length))
  if (ref.startsWith(REF_PREFIX)) return ref.slice(REF_PREFIX.length)
  if (ref.startsWith('#')) {
    throw schemaInvalid(
      context,
      `"$ref": "${ref}" points into the schema itself (a recursive schema without a name); name it (Zod: .meta({ id }), TypeBox: $id) so it can be referenced`,
    )
  }
  return ref.replace(COMPONENT_NAME, '_')
}

function checkType(type: unknown, context: string): void {
  const types = Array.isArray(type) ? type : type === undefined ? [] : [type]
  for (const item of types) {
    if (typeof item !== 'string' || !JSON_TYPES.has(item)) {
      throw schemaInvalid(context, `a schema of type "${String(item)}" cannot be described in JSON Schema`)
    }
  }
}
