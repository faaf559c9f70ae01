import { request } from 'node:http'
import { describe, expect, it } from 'vitest'
import { App, file, StaticFiles } from 'wharfjs'
import { HELLO, makeSite, serveDuringTests } from './fixture.ts'

const site = makeSite()
const app = new App({ logger: false })
app.include(new StaticFiles({ directory: site.pub }).router('/static'))
app.get('/download', () => file(`${site.pub}/hello.txt`, { filename: 'hello.txt' }))
app.head('/download', () => file(`${site.pub}/hello.txt`))
const running = serveDuringTests(app, site)

function get(path: string, headers: Record<string, string> = {}, method = 'GET') {
  return new Promise<{ status: number; headers: Record<string, any>; text: string }>((resolve, reject) => {
    const req = request(`${running.server.url}${path}`, { method, headers }, (res) => {
      let text = ''
      res.setEncoding('utf8')
      res.on('data', (chunk) => {
        text += chunk
      })
      res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, text }))
    })
    req.on('error', reject)
    req.end()
  })
}

describe.each(['/static/hello.txt', '/download'])('%s: the same behaviour on every adapter', (path) => {
  it('node:http: 200, 206, 304, 416 and HEAD', async () => {
    const full = await get(path)
    expect([full.status, full.text, full.headers['content-length']]).toEqual([
      200,
      HELLO,
      String(HELLO.length),
    ])
    const part = await get(path, { range: 'bytes=7-12' })
    expect([part.status, part.text, part.headers['content-range']]).toEqual([
      206,
      HELLO.slice(7, 13),
      `bytes 7-12/${HELLO.length}`,
    ])
    const cached = await get(path, { 'if-none-match': full.headers.etag })
    expect([cached.status, cached.text]).toEqual([304, ''])
    const outside = await get(path, { range: 'bytes=999-' })
    expect([outside.status, JSON.parse(outside.text)]).toEqual([416, { detail: 'Range Not Satisfiable' }])
    const head = await get(path, {}, 'HEAD')
    expect([head.status, head.text, head.headers['content-length']]).toEqual([200, '', String(HELLO.length)])
  })

  it('fetch adapter: 200, 206, 304 and HEAD', async () => {
    const url = `http://localhost${path}`
    const full = await app.fetch(new Request(url))
    const etag = full.headers.get('etag')!
    expect([full.status, await full.text()]).toEqual([200, HELLO])
    const part = await app.fetch(new Request(url, { headers: { range: 'bytes=0-4' } }))
    expect([part.status, await part.text(), part.headers.get('content-range')]).toEqual([
      206,
      'Hello',
      `bytes 0-4/${HELLO.length}`,
    ])
    const cached = await app.fetch(new Request(url, { headers: { 'if-none-match': etag } }))
    expect([cached.status, await cached.text()]).toEqual([304, ''])
    const head = await app.fetch(new Request(url, { method: 'HEAD' }))
    expect([head.status, await head.text(), head.headers.get('content-length')]).toEqual([
      200,
      '',
      String(HELLO.length),
    ])
  })
})
