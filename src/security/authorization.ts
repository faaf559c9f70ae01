/**
 * An `Authorization` header split into its scheme and the rest.
 *
 * @example
 * const { scheme, credentials } = splitAuthorization(ctx.request.headers.authorization)
 */
export interface AuthorizationParts {
  scheme: string
  credentials: string
}

/**
 * Splits an `Authorization` header at its first space, as FastAPI's `get_authorization_scheme_param`
 * does: `Bearer abc` → `{ scheme: 'Bearer', credentials: 'abc' }`. A missing header gives empty parts.
 *
 * @example
 * splitAuthorization('Basic dXNlcjpwdw==') // { scheme: 'Basic', credentials: 'dXNlcjpwdw==' }
 */
export function splitAuthorization(header: string | undefined): AuthorizationParts {
  if (!header) return { scheme: '', credentials: '' }
  const space = header.indexOf(' ')
  if (space === -1) return { scheme: header, credentials: '' }
  return { scheme: header.slice(0, space), credentials: header.slice(space + 1).trim() }
}
