import { afterAll, describe, expect, it } from 'vitest'
import { App, file } from 'wharfjs'
import { TestClient } from 'wharfjs/testing'
import { HELLO, makeSite } from './fixture.ts'

const site = makeSite()
afterAll(site.remove)
const hello = `${site.pub}/hello.txt`
const app = new App({ logger: false })
app.get('/named/{name}', ({ path }) => file(hello, { filename: path.name }))
app.get('/typed', () => file(hello, { mediaType: 'text/x-greeting' }))
app.get('/created', () => file(hello, { status: 201 }))
app.get('/inline', () =>
  file(hello, { filename: 'x.txt', headers: { 'content-disposition': 'inline; filename="x.txt"' } }),
)
const client = new TestClient(app)

describe('file(): Content-Disposition from the content-disposition package', () => {
  it.each([
    ['report.txt', 'attachment; filename=report.txt'],
    ['my report.txt', 'attachment; filename="my report.txt"'],
    ['say "hi".txt', 'attachment; filename="say \\"hi\\".txt"'],
    ['résumé.txt', 'attachment; filename="r?sum?.txt"; filename*=UTF-8\'\'r%C3%A9sum%C3%A9.txt'],
    [
      'отчёт 2026.txt',
      'attachment; filename="????? 2026.txt"; filename*=UTF-8\'\'%D0%BE%D1%82%D1%87%D1%91%D1%82%202026.txt',
    ],
  ])('%s → %s', async (name, header) => {
    const res = await client.get(`/named/${encodeURIComponent(name)}`)
    expect([res.status, res.headers['content-disposition'], res.text]).toEqual([200, header, HELLO])
  })

  it('keeps a Content-Disposition the handler set', async () => {
    expect((await client.get('/inline')).headers['content-disposition']).toBe('inline; filename="x.txt"')
  })
})

describe('file(): conditional and range requests as StaticFiles', () => {
  it('answers 206 for a range and 304 for a fresh ETag', async () => {
    const part = await client.get('/typed', { headers: { range: 'bytes=0-4' } })
    expect([part.status, part.text, part.headers['content-type']]).toEqual([206, 'Hello', 'text/x-greeting'])
    const { etag } = part.headers
    const cached = await client.get('/typed', { headers: { 'if-none-match': etag as string } })
    expect([cached.status, cached.text]).toEqual([304, ''])
  })

  it('sends the whole file with the status asked for, without conditions, when it is not 200', async () => {
    const res = await client.get('/created', { headers: { range: 'bytes=0-4', 'if-none-match': '*' } })
    expect([res.status, res.text]).toEqual([201, HELLO])
  })
})
