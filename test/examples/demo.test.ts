import { afterAll, describe, expect, it } from 'vitest'
import { TestClient } from 'wharfjs/testing'
import { app } from '../../examples/seed/app.ts'

const client = new TestClient(app)
afterAll(() => client.shutdown())

describe('the demo npm start serves (examples/seed/app.ts)', () => {
  it('GET / answers {"Hello":"World"}', async () => {
    const res = await client.get('/')
    expect(res.status).toBe(200)
    expect(res.text).toBe('{"Hello":"World"}')
  })

  it('/docs has every HTTP operation of the tour, grouped by tag', () => {
    const document = app.openapi()
    const operations = Object.entries(document.paths ?? {}).flatMap(([path, item]) =>
      Object.entries(item as Record<string, { tags?: string[] }>).map(
        ([method, operation]) => `${method.toUpperCase()} ${path} ${operation.tags?.join(',') ?? '-'}`,
      ),
    )
    expect(operations).toEqual([
      'GET / -',
      'GET /items items',
      'POST /items items',
      'GET /items/{item_id} items',
      'GET /stream/countdown streaming',
      'GET /stream/clock streaming',
      'POST /files files',
    ])
    expect(Object.keys(document.components?.schemas ?? {})).toEqual(
      expect.arrayContaining(['Item', 'NewItem', 'HTTPValidationError']),
    )
  })

  it('items: a pagination dependency, a filter, a 404 and a 422', async () => {
    expect((await client.get('/items?limit=1&skip=1')).json()).toEqual([
      { id: 2, name: 'Teapot', price: 24, tags: ['kitchen'] },
    ])
    expect((await client.get('/items?q=ham')).json()).toEqual([
      { id: 1, name: 'Hammer', price: 9.5, tags: ['tools'] },
    ])
    const missing = await client.get('/items/99')
    expect(missing.status).toBe(404)
    expect(missing.json()).toEqual({ detail: 'Item not found' })
    const invalid = await client.get('/items?limit=500')
    expect(invalid.status).toBe(422)
    expect(invalid.json().detail).toMatchObject([{ type: 'less_than_equal', loc: ['query', 'limit'] }])
  })

  it('items: writes need the X-Token dependency; the body is validated', async () => {
    const refused = await client.post('/items', {
      json: { name: 'Saw', price: 12 },
      headers: { 'x-token': 'nope' },
    })
    expect(refused.status).toBe(401)
    expect(refused.json()).toEqual({ detail: 'Invalid X-Token header' })
    const invalid = await client.post('/items', {
      json: { name: '', price: 0 },
      headers: { 'x-token': 'demo-token' },
    })
    expect(invalid.status).toBe(422)
    expect(invalid.json().detail.map((issue: { loc: unknown[] }) => issue.loc)).toEqual([
      ['body', 'name'],
      ['body', 'price'],
    ])
    const created = await client.post('/items', {
      json: { name: 'Saw', price: 12 },
      headers: { 'x-token': 'demo-token' },
    })
    expect(created.status).toBe(201)
    expect(created.json()).toEqual({ id: 3, name: 'Saw', price: 12, tags: [] })
  })

  it('streaming: JSON Lines as an async generator yields', async () => {
    const res = await client.get('/stream/countdown?start=3&every_ms=0')
    expect(res.status).toBe(200)
    expect(res.headers['content-type']).toMatch(/^application\/jsonl/)
    expect(
      res.text
        .trim()
        .split('\n')
        .map((line) => JSON.parse(line)),
    ).toEqual([{ n: 3 }, { n: 2 }, { n: 1 }, { n: 0 }])
  })

  it('streaming: Server-Sent Events', async () => {
    const res = await client.get('/stream/clock?ticks=1')
    expect(res.status).toBe(200)
    expect(res.headers['content-type']).toMatch(/^text\/event-stream/)
    expect(res.text).toMatch(/^event: tick\ndata: \{"tick":1,"time":"[\d-]+T[\d:.]+Z"\}\n\n$/)
  })

  it('Prometheus metrics at /metrics, by route template and status', async () => {
    await client.get('/items/1')
    // A request is counted once its response is finished, just after TestClient has it: poll briefly.
    const counted =
      /^http_requests_total\{method="GET",route="\/items\/\{item_id\}",status="200"\} [1-9]\d*$/m
    let res = await client.get('/metrics')
    for (let tries = 0; !counted.test(res.text) && tries < 40; tries++) {
      await new Promise((resolve) => setTimeout(resolve, 50))
      res = await client.get('/metrics')
    }
    expect(res.status).toBe(200)
    expect(res.headers['content-type']).toMatch(/^text\/plain/)
    expect(res.text).toMatch(counted)
  })

  it('a WebSocket echo', async () => {
    await using ws = await client.websocketConnect('/ws/echo?name=ann')
    expect(await ws.receiveText()).toBe('hello, ann')
    await ws.sendText('ping')
    expect(await ws.receiveText()).toBe('echo: ping')
  })
})
