/** A JSON Schema as it appears in an OpenAPI 3.1 document (only what a TypeScript type needs). */
export interface JsonSchema {
  $ref?: string
  type?: string | string[]
  const?: unknown
  enum?: unknown[]
  anyOf?: JsonSchema[]
  oneOf?: JsonSchema[]
  allOf?: JsonSchema[]
  properties?: Record<string, JsonSchema>
  required?: string[]
  additionalProperties?: boolean | JsonSchema
  patternProperties?: Record<string, JsonSchema>
  items?: JsonSchema | boolean
  prefixItems?: JsonSchema[]
  format?: string
  contentMediaType?: string
  [keyword: string]: unknown
}

const IDENTIFIER = /^[A-Za-z_$][\w$]*$/

/** A property name as written in a TypeScript type: bare when it can be, quoted otherwise. */
export function propertyKey(name: string): string {
  return IDENTIFIER.test(name) ? name : JSON.stringify(name)
}

/**
 * The TypeScript type text of a JSON Schema. `$ref`s to `#/components/schemas/X` become
 * `Schemas['X']`, so recursive schemas work and each component is written once. Keywords that only
 * constrain values (minLength, maximum, pattern...) do not change the type.
 *
 * @example
 * schemaType({ type: 'array', items: { $ref: '#/components/schemas/Item' } }) // "Schemas['Item'][]"
 */
export function schemaType(schema: JsonSchema | boolean | undefined): string {
  if (schema === undefined || schema === true) return 'unknown'
  if (schema === false) return 'never'
  if (schema.$ref !== undefined) {
    const name = /^#\/components\/schemas\/(.+)$/.exec(schema.$ref)?.[1]
    return name === undefined ? 'unknown' : `Schemas[${JSON.stringify(decodePointer(name))}]`
  }
  if ('const' in schema) return literal(schema.const)
  if (schema.enum !== undefined) return union(schema.enum.map(literal))
  if (schema.anyOf !== undefined) return union(schema.anyOf.map(schemaType))
  if (schema.oneOf !== undefined) return union(schema.oneOf.map(schemaType))
  if (schema.allOf !== undefined)
    return schema.allOf.map((part) => wrap(schemaType(part))).join(' & ') || 'unknown'
  const types = Array.isArray(schema.type) ? schema.type : schema.type === undefined ? [] : [schema.type]
  if (types.length === 0) return schema.properties !== undefined ? objectType(schema) : 'unknown'
  return union(types.map((type) => typeOf(type, schema)))
}

function typeOf(type: string, schema: JsonSchema): string {
  switch (type) {
    case 'string':
      // Uploads: OpenAPI 3.1 describes a file as a binary string (FastAPI's UploadFile does too).
      return schema.format === 'binary' || schema.contentMediaType === 'application/octet-stream'
        ? 'Blob'
        : 'string'
    case 'integer':
    case 'number':
      return 'number'
    case 'boolean':
      return 'boolean'
    case 'null':
      return 'null'
    case 'array':
      return arrayType(schema)
    case 'object':
      return objectType(schema)
    default:
      return 'unknown'
  }
}

function arrayType(schema: JsonSchema): string {
  if (schema.prefixItems !== undefined) {
    const head = schema.prefixItems.map(schemaType)
    const rest = schema.items === false ? [] : [`...${wrap(schemaType(schema.items))}[]`]
    return `[${[...head, ...rest].join(', ')}]`
  }
  return `${wrap(schemaType(schema.items))}[]`
}

function objectType(schema: JsonSchema): string {
  const required = new Set(schema.required ?? [])
  const fields = Object.entries(schema.properties ?? {}).map(
    ([name, property]) => `${propertyKey(name)}${required.has(name) ? '' : '?'}: ${schemaType(property)}`,
  )
  const extra = [
    ...Object.values(schema.patternProperties ?? {}),
    ...(schema.additionalProperties === undefined || schema.additionalProperties === false
      ? []
      : [schema.additionalProperties]),
  ]
  // Other keys are allowed but not described: open unless the schema closes it.
  if (extra.length > 0) {
    const values = union(extra.map(schemaType))
    fields.push(`[key: string]: ${fields.length > 0 ? 'unknown' : values}`)
  } else if (fields.length === 0 && schema.additionalProperties !== false) {
    return 'Record<string, unknown>'
  }
  return fields.length === 0 ? 'Record<string, never>' : `{ ${fields.join('; ')} }`
}

function literal(value: unknown): string {
  return value === null || ['string', 'number', 'boolean'].includes(typeof value)
    ? JSON.stringify(value)
    : 'unknown'
}

function union(types: string[]): string {
  const unique = [...new Set(types)]
  if (unique.includes('unknown')) return 'unknown'
  return unique.length === 0 ? 'never' : unique.map(wrap).join(' | ')
}

/** Parenthesized when it is a union or intersection at its top level, so `[]`, `|` and `&` bind as meant. */
function wrap(type: string): string {
  let depth = 0
  for (let index = 0; index < type.length; index++) {
    const char = type[index]!
    if (char === '"') {
      // A JSON string literal: skip to its closing quote.
      for (index++; index < type.length && type[index] !== '"'; index++) if (type[index] === '\\') index++
    } else if ('([{<'.includes(char)) depth++
    else if (')]}>'.includes(char)) depth--
    else if (depth === 0 && (char === '|' || char === '&')) return `(${type})`
  }
  return type
}

function decodePointer(segment: string): string {
  return decodeURIComponent(segment).replaceAll('~1', '/').replaceAll('~0', '~')
}
