import type { MultipartLimits } from '../params/multipart/limits.ts'
import { NO_REFS, type SchemaRefs } from '../schema/refs.ts'

/**
 * What the app decides for every route it compiles (each route may override the switches): its named
 * schemas, whether return values are validated against the response schema, and how JSON bodies are
 * coerced.
 */
export interface PlanSettings {
  /** The app's named TypeBox schemas, for `t.Ref(name)`. */
  readonly refs: SchemaRefs
  /** Validate return values against the response schema (a mismatch is a 500, as in FastAPI). */
  readonly validateResponses: boolean
  /** JSON bodies in pydantic's strict mode: no `"12.5"` for a number. */
  readonly strictJson: boolean
  /** Deepest JSON body nesting, for routes without their own `jsonMaxDepth`. */
  readonly jsonMaxDepth?: number | undefined
  /** Multipart limits, for routes with file fields (each route may set its own over these). */
  readonly multipart?: MultipartLimits | undefined
}

/** The settings of a route compiled outside an app (tests, tools): no named schemas, validation on. */
export const DEFAULT_PLAN_SETTINGS: PlanSettings = {
  refs: NO_REFS,
  validateResponses: true,
  strictJson: false,
}
