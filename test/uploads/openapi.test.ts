import { describe, expect, it } from 'vitest'
import { App, FileBytes, FileUpload, t } from 'wharfjs'

describe('OpenAPI: file fields make a multipart/form-data body with binary fields', () => {
  const app = new App({ logger: false })
  app.post(
    '/files',
    {
      form: {
        upload: FileUpload({ description: 'The document' }),
        thumbnail: t.Optional(FileBytes({ mediaType: 'image/png' })),
        attachments: t.Array(FileUpload(), { maxItems: 5 }),
        note: t.Optional(t.String()),
      },
    },
    ({ body }) => ({ filename: body.upload.filename }),
  )
  app.post('/login', { form: { username: t.String() } }, ({ body }) => body)
  const document = app.openapi()

  it('announces multipart/form-data and the Body_ component, as FastAPI does', () => {
    expect(document.paths['/files']!.post!.requestBody).toEqual({
      content: { 'multipart/form-data': { schema: { $ref: '#/components/schemas/Body_post_files' } } },
      required: true,
    })
    expect(Object.keys(document.paths['/login']!.post!.requestBody!.content)).toEqual([
      'application/x-www-form-urlencoded',
    ])
  })

  it('describes files as binary strings with contentMediaType (OpenAPI 3.1)', () => {
    expect(document.components!.schemas!.Body_post_files).toEqual({
      type: 'object',
      title: 'Body_post_files',
      properties: {
        upload: {
          type: 'string',
          format: 'binary',
          contentMediaType: 'application/octet-stream',
          description: 'The document',
        },
        thumbnail: { type: 'string', format: 'binary', contentMediaType: 'image/png' },
        attachments: {
          type: 'array',
          maxItems: 5,
          items: { type: 'string', format: 'binary', contentMediaType: 'application/octet-stream' },
        },
        note: { type: 'string' },
      },
      required: ['upload', 'attachments'],
    })
  })
})
