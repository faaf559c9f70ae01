import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { HTTPStatusError, HttpClient, InvalidResponseError } from 'wharfjs/http'
import { sendJson, startUpstream, type Upstream } from './upstream.ts'

/** Answers with what it received, so the tests can see exactly what the client sent. */
function echo(req: import('node:http').IncomingMessage, res: import('node:http').ServerResponse) {
  const chunks: Buffer[] = []
  req.on('data', (chunk: Buffer) => chunks.push(chunk))
  req.on('end', () =>
    sendJson(res, {
      method: req.method,
      url: req.url,
      contentType: req.headers['content-type'] ?? null,
      auth: req.headers.authorization ?? null,
      trace: req.headers['x-trace'] ?? null,
      body: Buffer.concat(chunks).toString('utf8'),
    }),
  )
}

let upstream: Upstream
let http: HttpClient

beforeAll(async () => {
  upstream = await startUpstream({
    '/data': (_req, res) => sendJson(res, { items: [1, 2, 3] }),
    '/v1/echo': echo,
    '/text': (_req, res) => {
      res.writeHead(200, { 'content-type': 'text/plain' })
      res.end('plain words')
    },
    '/teapot': (_req, res) => sendJson(res, { detail: 'short and stout' }, 418),
    '/huge-file': (req, res) => {
      res.writeHead(200, { 'content-type': 'application/octet-stream', 'content-length': String(2 ** 40) })
      if (req.method === 'HEAD') res.end()
      else res.destroy()
    },
    '/not-json': (_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' })
      res.end('{"items": [1, 2')
    },
  })
  http = new HttpClient({ baseUrl: `${upstream.url}/v1`, headers: { Authorization: 'Bearer t0ken' } })
})

afterAll(async () => {
  await http.close()
  await upstream.close()
})

describe('http.get(url)', () => {
  it('reads a 200 JSON response', async () => {
    const res = await http.get(`${upstream.url}/data`)
    expect(res.status).toBe(200)
    expect(res.ok).toBe(true)
    expect(res.headers['content-type']).toBe('application/json')
    expect(res.json()).toEqual({ items: [1, 2, 3] })
  })

  it('resolves relative URLs against baseUrl, keeping its path, and appends query params', async () => {
    const res = await http.get('/echo?a=1', { query: { b: 'x y', tag: ['p', 'q'], skip: undefined } })
    expect(res.json()).toMatchObject({ method: 'GET', url: '/v1/echo?a=1&b=x+y&tag=p&tag=q', body: '' })
  })

  it('sends the client headers, merged under the call headers', async () => {
    const res = await http.get('echo', { headers: { 'X-Trace': 'abc' } })
    expect(res.json()).toMatchObject({ auth: 'Bearer t0ken', trace: 'abc' })
    const without = await http.get('echo', { headers: { authorization: undefined } })
    expect(without.json()).toMatchObject({ auth: null, trace: null })
  })

  it('answers HEAD without applying the size limit to the declared length', async () => {
    const res = await http.head(`${upstream.url}/huge-file`, { maxResponseSize: 1024 })
    expect(res.status).toBe(200)
    expect(res.headers['content-length']).toBe(String(2 ** 40))
    expect(res.body.length).toBe(0)
  })

  it('reads text', async () => {
    const res = await http.get(`${upstream.url}/text`)
    expect(res.text()).toBe('plain words')
  })

  it('resolves any status, and raiseForStatus() throws HTTPStatusError for 4xx/5xx', async () => {
    const res = await http.get(`${upstream.url}/teapot`)
    expect(res.status).toBe(418)
    expect(res.ok).toBe(false)
    const error = (() => {
      try {
        res.raiseForStatus()
      } catch (caught) {
        return caught
      }
    })()
    expect(error).toBeInstanceOf(HTTPStatusError)
    expect((error as HTTPStatusError).response.status).toBe(418)
    expect((error as HTTPStatusError).status).toBe(502)
    expect((error as HTTPStatusError).detail).toBe('The upstream server answered 418')
    expect((await http.get(`${upstream.url}/data`)).raiseForStatus().json()).toEqual({ items: [1, 2, 3] })
  })

  it('throws InvalidResponseError from json() when the body is not JSON', async () => {
    const res = await http.get(`${upstream.url}/not-json`)
    expect(res.status).toBe(200)
    expect(() => res.json()).toThrow(InvalidResponseError)
    expect(res.text()).toBe('{"items": [1, 2')
  })
})

describe('request bodies', () => {
  it('sends json with its content type', async () => {
    const res = await http.post('/echo', { json: { name: 'Hammer', price: 9.5 } })
    expect(res.json()).toMatchObject({
      method: 'POST',
      contentType: 'application/json',
      body: '{"name":"Hammer","price":9.5}',
    })
  })

  it('sends a form as application/x-www-form-urlencoded', async () => {
    const res = await http.put('/echo', { form: { name: 'a&b', tags: ['x', 'y'] } })
    expect(res.json()).toMatchObject({
      method: 'PUT',
      contentType: 'application/x-www-form-urlencoded',
      body: 'name=a%26b&tags=x&tags=y',
    })
  })

  it('sends FormData as multipart/form-data', async () => {
    const form = new FormData()
    form.append('field', 'value')
    const res = await http.post('/echo', { form })
    const sent = res.json()
    expect(sent.contentType).toMatch(/^multipart\/form-data; boundary=/)
    expect(sent.body).toContain('name="field"')
    expect(sent.body).toContain('value')
  })

  it('streams an async iterable body', async () => {
    async function* parts() {
      yield 'one,'
      yield Buffer.from('two')
    }
    const res = await http.patch('/echo', { body: parts(), headers: { 'content-type': 'text/csv' } })
    expect(res.json()).toMatchObject({ method: 'PATCH', contentType: 'text/csv', body: 'one,two' })
  })

  it('refuses two bodies at once', async () => {
    await expect(http.post('/echo', { json: {}, body: 'x' })).rejects.toThrow(
      'give only one of json, form and body',
    )
  })

  it('refuses a relative URL without a baseUrl', async () => {
    const bare = new HttpClient()
    await expect(bare.get('/data')).rejects.toThrow('is relative, and the client has no baseUrl')
    await bare.close()
  })
})
