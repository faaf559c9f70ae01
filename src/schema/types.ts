import type { Static, TSchema } from 'typebox'
import type { StandardSchemaV1 } from './standard.ts'

/** Anything Wharf accepts where a schema goes: a TypeBox schema or a Standard Schema (Zod 4, Valibot…). */
export type AnySchema = TSchema | StandardSchemaV1

/** A record of named field schemas, as used for `path`, `query`, `headers`, `cookies` and `form`. */
export type FieldSchemas = Record<string, AnySchema>

/** The value type a schema validates to. */
export type Infer<S> = S extends StandardSchemaV1
  ? StandardSchemaV1.InferOutput<S>
  : S extends TSchema
    ? Static<S>
    : unknown

/** The value type a schema accepts before defaults and transforms (what a client sends). */
export type InferInput<S> = S extends StandardSchemaV1
  ? StandardSchemaV1.InferInput<S>
  : S extends TSchema
    ? Static<S>
    : unknown

type IsOptionalField<S> = S extends { '~optional': true }
  ? true
  : S extends StandardSchemaV1
    ? undefined extends StandardSchemaV1.InferOutput<S>
      ? true
      : false
    : false

/** Flattens an intersection into one object type so editor hovers stay readable. */
export type Simplify<T> = { [K in keyof T]: T[K] } & {}

/** The object type of a record of field schemas; optional fields become optional keys. */
export type InferFields<F> = Simplify<
  { -readonly [K in keyof F as IsOptionalField<F[K]> extends true ? never : K]: Infer<F[K]> } & {
    -readonly [K in keyof F as IsOptionalField<F[K]> extends true ? K : never]?: Exclude<
      Infer<F[K]>,
      undefined
    >
  }
>
