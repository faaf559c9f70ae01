import { describe, expectTypeOf, it } from 'vitest'
import { App, FileBytes, FileUpload, t, type UploadFile } from 'wharfjs'

// Checked at type-check time (npm test runs tsc over test/): a wrong inference fails the build.
describe('file fields are typed in the handler', () => {
  it('FileUpload() is an UploadFile, FileBytes() a Buffer; arrays and optional ones follow', () => {
    new App().post(
      '/files',
      {
        form: {
          upload: FileUpload(),
          many: t.Array(FileUpload()),
          thumbnail: t.Optional(FileBytes()),
          note: t.String(),
        },
      },
      ({ body }) => {
        expectTypeOf(body).toEqualTypeOf<{
          upload: UploadFile
          many: UploadFile[]
          note: string
          thumbnail?: Buffer
        }>()
        return null
      },
    )
  })
})
