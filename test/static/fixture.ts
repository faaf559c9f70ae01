import { mkdirSync, mkdtempSync, rmSync, symlinkSync, utimesSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { brotliCompressSync, gzipSync } from 'node:zlib'
import { afterAll, beforeAll } from 'vitest'
import type { App, RunningServer } from 'wharfjs'

export const SECRET = 'top secret: outside the static folder'
export const HELLO = 'Hello, static world!\n'
export const CSS = 'body { color: rebeccapurple }\n'.repeat(20)

/**
 * A temporary tree: `public/` is served; `secret.txt` beside it must never be reachable. `public/`
 * holds plain files, a folder with an index, a dotfile, precompressed variants, and symbolic links
 * pointing inside and outside.
 */
export function makeSite() {
  const base = mkdtempSync(join(tmpdir(), 'wharf-static-'))
  const pub = join(base, 'public')
  const file = (path: string, content: string | Buffer) => writeFileSync(join(pub, path), content)
  writeFileSync(join(base, 'secret.txt'), SECRET)
  mkdirSync(join(base, 'outside'))
  writeFileSync(join(base, 'outside', 'secret.txt'), SECRET)
  mkdirSync(join(pub, 'docs'), { recursive: true })
  mkdirSync(join(pub, 'empty'))
  file('hello.txt', HELLO)
  file('docs/index.html', '<h1>Docs</h1>')
  file('404.html', '<h1>Nothing here</h1>')
  file('.env', 'SECRET_KEY=1')
  file('style.css', CSS)
  file('style.css.br', brotliCompressSync(CSS))
  file('style.css.gz', gzipSync(CSS))
  file('app.3f9a1c2b.js', 'console.log(1)\n')
  file('data.json', '{"a":1}')
  file('logo.svg', '<svg/>')
  file('module.wasm', Buffer.from([0, 97, 115, 109]))
  file('blob.unknownext', 'x')
  file('my report.txt', 'report')
  file('%2e%2e', 'a file literally named %2e%2e')
  symlinkSync(join(base, 'secret.txt'), join(pub, 'outside-link.txt'))
  symlinkSync(join(base, 'outside'), join(pub, 'outside-dir'))
  symlinkSync(join(pub, 'hello.txt'), join(pub, 'inside-link.txt'))
  // A fixed, past modification time: Last-Modified and If-Modified-Since comparisons are exact.
  const past = new Date('2026-01-02T03:04:05Z')
  utimesSync(join(pub, 'hello.txt'), past, past)
  return { base, pub, remove: () => rmSync(base, { recursive: true, force: true }) }
}

/** Serves `app` on a free port for the test file, and removes the site afterwards. */
export function serveDuringTests(app: App, site: { remove(): void }): { server: RunningServer } {
  const handle = {} as { server: RunningServer }
  beforeAll(async () => {
    handle.server = await app.listen({ port: 0 })
  })
  afterAll(async () => {
    await handle.server.close()
    site.remove()
  })
  return handle
}
