import type { ServerObject, TagObject } from './types.ts'

/**
 * The App options about the OpenAPI document and the docs pages.
 *
 * @example
 * new App({ servers: [{ url: 'https://api.example.com' }], docsUrl: '/api/docs', redocUrl: null })
 */
export interface OpenAPIOptions {
  /** The document's `servers`, e.g. `[{ url: 'https://api.example.com' }]`. */
  servers?: ServerObject[]
  /** Metadata (descriptions, links) of the tags routes use; also orders the sections of the docs pages. */
  openapiTags?: TagObject[]
  /** Where the document is served. Default `/openapi.json`; `null` serves no document and no docs pages. */
  openapiUrl?: string | null
  /** Where Swagger UI is served (and its OAuth2 redirect page, at `{docsUrl}/oauth2-redirect`). Default `/docs`; `null` turns it off. */
  docsUrl?: string | null
  /** Where ReDoc is served. Default `/redoc`; `null` turns it off. */
  redocUrl?: string | null
}
