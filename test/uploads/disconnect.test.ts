import { mkdtempSync, readdirSync } from 'node:fs'
import { request } from 'node:http'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { App, FileUpload } from 'wharfjs'
import { sleep } from '../helpers.ts'

const spoolDir = mkdtempSync(join(tmpdir(), 'wharf-disconnect-test-'))
process.env.TMPDIR = spoolDir
const spooled = () => readdirSync(spoolDir).filter((name) => name.startsWith('wharf-upload-'))

describe('a client that goes away mid-upload', () => {
  it('leaves no temporary file behind, and the server keeps serving', async () => {
    let handled = false
    const app = new App({ logger: false, multipart: { spoolThreshold: 1024, fileSize: 64 * 1024 * 1024 } })
    app.post('/files', { form: { file: FileUpload() } }, () => {
      handled = true
      return {}
    })
    app.get('/ping', () => 'pong')
    const server = await app.listen({ port: 0 })
    try {
      const boundary = 'gone-boundary'
      const req = request(`${server.url}/files`, {
        method: 'POST',
        headers: {
          'content-type': `multipart/form-data; boundary=${boundary}`,
          'content-length': 32 * 1024 * 1024,
        },
      })
      req.on('error', () => {})
      req.write(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="a.bin"\r\n\r\n`)
      for (let i = 0; i < 16; i++) req.write(Buffer.alloc(64 * 1024, 1))
      // The file is on its way to disk: the spool exists, then the client vanishes.
      for (let i = 0; i < 200 && spooled().length === 0; i++) await sleep(10)
      expect(spooled()).toHaveLength(1)
      req.destroy()
      for (let i = 0; i < 200 && spooled().length > 0; i++) await sleep(10)
      expect(spooled()).toEqual([])
      expect(handled).toBe(false)
      const ping = await fetch(`${server.url}/ping`)
      expect([ping.status, await ping.json()]).toEqual([200, 'pong'])
    } finally {
      await server.close()
    }
  })
})
