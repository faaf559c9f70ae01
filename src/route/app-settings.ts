import type { MultipartLimits } from '../params/multipart/limits.ts'
import { collectSchemaRefs } from '../schema/refs.ts'
import type { AnySchema } from '../schema/types.ts'
import type { PlanSettings } from './settings.ts'
import type { RouteDefinition } from './types.ts'

/** The App options that become `PlanSettings`. */
export interface PlanSettingsOptions {
  multipart?: MultipartLimits | undefined
  schemas?: AnySchema[] | undefined
  validateResponses?: boolean | undefined
  jsonMaxDepth?: number | undefined
  strictJson?: boolean | undefined
}

/**
 * The settings every route of an app is compiled with: the named schemas reachable from any route
 * (or listed in `schemas`), and the app-wide switches.
 *
 * @example
 * const settings = planSettings(app.config, app.routes, [])
 */
export function planSettings(
  options: PlanSettingsOptions,
  ...routeLists: readonly (readonly RouteDefinition[])[]
): PlanSettings {
  const roots = routeLists
    .flat()
    .flatMap((route) => [route.options, ...(route.inherited ?? []).map(([, dep]) => dep)])
  return {
    multipart: options.multipart,
    refs: collectSchemaRefs(roots, options.schemas ?? []),
    validateResponses: options.validateResponses ?? true,
    jsonMaxDepth: options.jsonMaxDepth,
    strictJson: options.strictJson ?? false,
  }
}
