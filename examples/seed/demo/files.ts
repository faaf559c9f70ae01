/**
 * The demo's upload route, to try from /docs ("Choose File", then Execute): the file arrives as an
 * UploadFile (kept in memory up to 1 MiB, spooled to a temporary file beyond, removed after the
 * response); files over 10 MiB get 413. See docs/uploads-and-files.md.
 */
import { FileUpload, Router } from 'wharfjs'

/** `POST /files`. */
export function filesRouter(): Router {
  const router = new Router({ tags: ['files'] })
  router.post(
    '/files',
    { form: { file: FileUpload({ description: 'Any file up to 10 MiB' }) }, summary: 'Upload a file' },
    async function uploadFile({ body }) {
      return { filename: body.file.filename, contentType: body.file.contentType, size: body.file.size }
    },
  )
  return router
}
