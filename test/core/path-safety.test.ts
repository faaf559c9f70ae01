import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs'
import { connect } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { App, file } from 'wharfjs'
import { TestClient } from 'wharfjs/testing'

const notFound = { detail: 'Not Found' }

describe('a single-segment {param} is one non-empty segment of the decoded path (Starlette)', () => {
  const app = new App({ logger: false })
  app.get('/files/{name}', ({ path }) => ({ name: path.name }))
  app.get('/docs/{name}', ({ path }) => ({ name: path.name }))
  app.get('/docs/{section}/{name}', ({ path }) => ({ section: path.section, name: path.name }))
  app.get('/users/{name}', ({ path }) => ({ name: path.name }))
  app.get('/teams', () => ['all'])
  app.get('/teams/{name}', ({ path }) => ({ name: path.name }))
  app.get('/raw/{rest:path}', ({ path }) => ({ rest: path.rest }))
  const client = new TestClient(app)

  it('never receives a decoded "/": /files/..%2f..%2fetc%2fpasswd is a 404', async () => {
    for (const target of ['/files/..%2f..%2fetc%2fpasswd', '/files/a%2Fb', '/files/%2F']) {
      const res = await client.get(target)
      expect(res.status).toBe(404)
      expect(res.json()).toEqual(notFound)
    }
  })

  it('an encoded slash separates segments, as in the decoded path Starlette matches', async () => {
    const res = await client.get('/docs/guide%2Fintro')
    expect(res.status).toBe(200)
    expect(res.json()).toEqual({ section: 'guide', name: 'intro' })
  })

  it('other encoded characters still decode into one segment', async () => {
    const res = await client.get('/docs/a%20b%3Fc')
    expect(res.json()).toEqual({ name: 'a b?c' })
  })

  it('an empty segment never matches: GET /users/ is a 404, not name=""', async () => {
    const res = await client.get('/users/')
    expect(res.status).toBe(404)
    expect(res.json()).toEqual(notFound)
  })

  it('an empty segment falls through to the trailing-slash redirect when the other form exists', async () => {
    const res = await client.get('/teams/')
    expect(res.status).toBe(307)
    expect(res.headers.location).toMatch(/\/teams$/)
  })

  it('a {name:path} parameter still takes slashes', async () => {
    const res = await client.get('/raw/a%2Fb/c')
    expect(res.json()).toEqual({ rest: 'a/b/c' })
  })

  it('over a real socket, the encoded traversal gets a 404 (the request target as sent)', async () => {
    const server = await app.listen({ port: 0, host: '127.0.0.1' })
    try {
      const answer = await new Promise<string>((resolve, reject) => {
        const socket = connect(server.port, '127.0.0.1')
        let data = ''
        socket.on('data', (chunk) => (data += chunk))
        socket.on('end', () => resolve(data))
        socket.on('error', reject)
        socket.end('GET /files/..%2f..%2fetc%2fpasswd HTTP/1.1\r\nhost: x\r\nconnection: close\r\n\r\n')
      })
      expect(answer).toMatch(/^HTTP\/1\.1 404 /)
      expect(answer.endsWith('{"detail":"Not Found"}')).toBe(true)
    } finally {
      await server.close()
    }
  })
})

describe('file(path, { root }) serves only what resolves inside root', () => {
  let base: string
  let client: TestClient
  beforeAll(() => {
    base = mkdtempSync(join(tmpdir(), 'wharf-files-'))
    const root = join(base, 'public')
    mkdirSync(join(root, 'sub'), { recursive: true })
    writeFileSync(join(root, 'hello.txt'), 'hello')
    writeFileSync(join(root, 'sub', 'deep.txt'), 'deep')
    writeFileSync(join(base, 'secret.txt'), 'secret')
    writeFileSync(join(root, '.env'), 'TOKEN=secret')
    symlinkSync(base, join(root, 'up')) // a directory link leading out
    symlinkSync(join(base, 'secret.txt'), join(root, 'secret-link.txt')) // a file link leading out
    symlinkSync(join(root, 'hello.txt'), join(root, 'alias.txt')) // a link that stays inside
    const app = new App({ logger: false })
    app.get('/one/{name}', ({ path }) => file(path.name, { root }))
    app.get('/any/{rest:path}', ({ path }) => file(path.rest, { root }))
    client = new TestClient(app)
  })
  afterAll(() => rmSync(base, { recursive: true, force: true }))

  it('serves files inside root, through links that stay inside', async () => {
    for (const [target, text] of [
      ['/one/hello.txt', 'hello'],
      ['/any/sub/deep.txt', 'deep'],
      ['/one/alias.txt', 'hello'],
    ] as const) {
      const res = await client.get(target)
      expect(res.status).toBe(200)
      expect(res.text).toBe(text)
    }
  })

  it.each([
    ['".." segments', '/any/..%2Fsecret.txt'],
    ['".." even when it would stay inside', '/any/sub/..%2Fhello.txt'],
    ['a dotfile', '/one/.env'],
    ['a backslash', '/one/sub%5Cdeep.txt'],
    ['encoded dots', '/any/%2e%2e/secret.txt'],
    ['a bare ".."', '/one/..'],
    ['an absolute path', '/any/%2Fetc%2Fpasswd'],
    ['a NUL byte', '/one/hello.txt%00.png'],
    ['a directory link leading out', '/any/up/secret.txt'],
    ['a file link leading out', '/one/secret-link.txt'],
    ['the root itself', '/any/'],
    ['a missing file', '/one/nothing.txt'],
  ])('refuses %s with a 404', async (_name, target) => {
    const res = await client.get(target)
    expect(res.status).toBe(404)
    expect(res.json()).toEqual(notFound)
  })
})
