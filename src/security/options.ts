import { Dependency, type DependencyContext } from '../di/depends.ts'

/**
 * Options every security utility takes.
 *
 * @example
 * APIKeyHeader({ name: 'x-api-key', schemeName: 'ApiKey', description: 'Issued per client', autoError: false })
 */
export interface SecurityOptions<AutoError extends boolean = boolean> {
  /** The name of the scheme in `components.securitySchemes`; defaults to the utility's name (`HTTPBearer`). */
  schemeName?: string
  /** Shown with the scheme in the OpenAPI document and the docs UIs. */
  description?: string
  /**
   * `true` (default): missing credentials end the request with a 401. `false`: the dependency provides
   * `undefined` instead, for optional authentication or for trying several schemes in turn.
   */
  autoError?: AutoError
  /**
   * The `WWW-Authenticate` challenge of the 401 for missing credentials; defaults to the scheme's own
   * (`Bearer`, `Basic`, `APIKey`…). For example `Bearer realm="api"`.
   */
  challenge?: string
}

/**
 * What a security dependency provides: `T`, or `T | undefined` when declared with `autoError: false`.
 *
 * @example
 * type Token = Credential<string, false> // string | undefined
 */
export type Credential<T, AutoError extends boolean> = AutoError extends false ? T | undefined : T

/** Throws `error` unless the utility was declared `autoError: false`; then the credential is `undefined`. */
export function missing(options: SecurityOptions, error: Error): undefined {
  if (options.autoError === false) return undefined
  throw error
}

/**
 * Builds a security utility's dependency: it reads the raw request (so a missing credential is a 401,
 * not a 422) and contributes its `securitySchemes` entry and the operation's `security` requirement to
 * OpenAPI, under `schemeName` (default: the utility's name, as FastAPI names schemes after the class).
 */
export function securityDependency<T>(
  utility: string,
  scheme: Record<string, unknown>,
  options: SecurityOptions,
  read: (ctx: DependencyContext<{}>) => T,
): Dependency<T, {}> {
  const schemeName = options.schemeName ?? utility
  const entry = options.description === undefined ? scheme : { ...scheme, description: options.description }
  // Optional authentication is documented as such: `{}` (no requirement) is one of the alternatives.
  const requirement = { [schemeName]: [] }
  const security = options.autoError === false ? [{}, requirement] : [requirement]
  return new Dependency<T, {}>({}, read, {
    name: schemeName,
    openapi: { securitySchemes: { [schemeName]: entry }, security },
  })
}
