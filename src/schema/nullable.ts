import { type TNull, type TSchema, type TSchemaOptions, type TUnion, Type } from 'typebox'

/**
 * FastAPI's `Optional[X] = None`: `X` or `null`, and `null` when absent. Works for parameters, body
 * properties and response properties; in OpenAPI it is `anyOf: [X, {type: 'null'}]` with
 * `default: null`, not required.
 *
 * @example
 * app.get('/items', { query: { q: Nullable(t.String()) } }, ({ query }) => query.q) // string | null
 * const Item = t.Object({ name: t.String(), description: Nullable(t.String()) })
 */
export function Nullable<T extends TSchema>(schema: T, options: TSchemaOptions = {}): TUnion<[T, TNull]> {
  return Type.Union([schema, Type.Null()], { default: null, ...options })
}
