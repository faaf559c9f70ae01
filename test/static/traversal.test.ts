import { connect } from 'node:net'
import { describe, expect, it } from 'vitest'
import { App, StaticFiles } from 'wharfjs'
import { TestClient } from 'wharfjs/testing'
import { makeSite, SECRET, serveDuringTests } from './fixture.ts'

const site = makeSite()
const app = new App({ logger: false })
app.include(new StaticFiles({ directory: site.pub }).router('/static'))
const client = new TestClient(app)
const running = serveDuringTests(app, site)

/**
 * Ways out of `public/` to `secret.txt` beside it (or to the system): plain and encoded dot-dot,
 * double encoding, backslashes, NUL bytes, overlong UTF-8, absolute paths, dotfiles, and symbolic
 * links pointing outside. Every one must answer 404 and never the secret.
 */
const CORPUS = [
  '/static/../secret.txt',
  '/static/..%2fsecret.txt',
  '/static/..%2Fsecret.txt',
  '/static/%2e%2e/secret.txt',
  '/static/%2E%2E/secret.txt',
  '/static/%2e%2e%2fsecret.txt',
  '/static/.%2e/secret.txt',
  '/static/%252e%252e/secret.txt',
  '/static/%252e%252e%252fsecret.txt',
  '/static/..\\secret.txt',
  '/static/..%5csecret.txt',
  '/static/..%5Csecret.txt',
  '/static/%5c..%5csecret.txt',
  '/static/docs/../../secret.txt',
  '/static/docs/..%2f..%2fsecret.txt',
  '/static/./../secret.txt',
  '/static/....//secret.txt',
  '/static/..;/secret.txt',
  '/static/%u002e%u002e/secret.txt',
  '/static/..%c0%afsecret.txt',
  '/static/..%e0%80%afsecret.txt',
  '/static/hello.txt%00.png',
  '/static/hello.txt%00',
  '/static/%00../secret.txt',
  '/static//etc/passwd',
  '/static/%2fetc%2fpasswd',
  `/static/${encodeURIComponent(site.base)}%2fsecret.txt`,
  '/static/outside-link.txt',
  '/static/outside-dir/secret.txt',
  '/static/outside-dir%2fsecret.txt',
  '/static/.env',
  '/static/%2eenv',
  '/static/docs/%2e%2e/%2e%2e/secret.txt',
]

/** One request written byte for byte, so no client normalizes `..` or encodings on the way. */
function rawGet(port: number, target: string): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1', () => {
      socket.write(`GET ${target} HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n`)
    })
    let data = ''
    socket.setEncoding('latin1')
    socket.on('data', (chunk) => {
      data += chunk
    })
    socket.on('error', reject)
    socket.on('close', () => resolve({ status: Number(data.slice(9, 12)), text: data }))
  })
}

describe('StaticFiles: no way out of the folder (traversal corpus)', () => {
  it.each(CORPUS)('TestClient: %s answers 404', async (target) => {
    const res = await client.get(target)
    expect(res.status).toBe(404)
    expect(res.text).not.toContain(SECRET)
  })

  it.each(CORPUS)('real socket: %s answers 404 without the secret', async (target) => {
    const res = await rawGet(running.server.port, target)
    expect(res.status).toBe(404)
    expect(res.text).not.toContain(SECRET)
    expect(res.text).not.toContain('root:')
  })

  it('the corpus is meaningful: the same server does serve files inside the folder', async () => {
    expect((await rawGet(running.server.port, '/static/hello.txt')).status).toBe(200)
    expect((await client.get('/static/docs/../hello.txt')).status).toBe(404)
  })
})
