import SwaggerParser from '@apidevtools/swagger-parser'
import { describe, expect, it } from 'vitest'
import { app as authApp } from '../../examples/auth/app.ts'
import { app as demoApp } from '../../examples/seed/app.ts'
import { app as externalApiApp } from '../../examples/seed/external-api.ts'
import { createLargeApp } from './fixtures/large-app.ts'

/** Validates with a tool nobody here wrote; it resolves refs in place, so it gets a copy. */
async function validate(document: object): Promise<void> {
  await SwaggerParser.validate(structuredClone(document) as any)
}

describe('the document passes @apidevtools/swagger-parser validation with zero errors', () => {
  it('for the demo app', async () => {
    const document = demoApp.openapi()
    await expect(validate(document)).resolves.toBeUndefined()
    expect(Object.keys(document.paths)).toEqual([
      '/',
      '/items',
      '/items/{item_id}',
      '/stream/countdown',
      '/stream/clock',
      '/files',
    ])
  })

  it('for the other examples that export an app', async () => {
    await expect(validate(authApp.openapi())).resolves.toBeUndefined()
    await expect(validate(externalApiApp.openapi())).resolves.toBeUndefined()
  })

  it('for the large test app, FastAPI error format', async () => {
    const document = createLargeApp('fastapi').openapi()
    await expect(validate(document)).resolves.toBeUndefined()
    expect(Object.keys(document.paths)).toEqual([
      '/',
      '/health',
      '/token',
      '/users/me',
      '/files/{file_path}',
      '/legacy/{code}',
      '/admin/report',
      '/teapot',
      '/dup/a-b',
      '/dup/a_b',
      '/items',
      '/items/{item_id}',
      '/v1/orders',
      '/v1/orders/{order_id}/lines/{line}',
    ])
    expect(Object.keys(document.components?.securitySchemes ?? {})).toEqual([
      'OAuth2PasswordBearer',
      'HTTPBasic',
      'APIKeyQuery',
      'APIKeyCookie',
      'HTTPBearer',
      'APIKeyHeader',
    ])
    expect(Object.keys(document.components?.schemas ?? {})).toEqual([
      'Body_login_token_post',
      'HTTPError',
      'HTTPValidationError',
      // Item's `tags` has a default: optional in what clients send, always present in what they get.
      'Item-Input',
      'Item-Output',
      'ItemCreate',
      'Message',
      'Order-Input',
      'Order-Output',
      'OrderLine-Input',
      'OrderLine-Output',
      'User',
      'ValidationError',
    ])
  })

  it('for the large test app, problem+json error format', async () => {
    const document = createLargeApp('problem').openapi()
    await expect(validate(document)).resolves.toBeUndefined()
    expect(Object.keys(document.components?.schemas ?? {})).toContain('HTTPValidationProblem')
  })

  it('and the validator does reject a broken document (the check can fail)', async () => {
    const document = structuredClone(createLargeApp().openapi()) as any
    document.paths['/health'].get.responses['200'].content['application/json'].schema = {
      $ref: '#/components/schemas/Missing',
    }
    await expect(validate(document)).rejects.toThrow(/Missing/)
  })
})
