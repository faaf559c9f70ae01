import { describe, expect, it } from 'vitest'
import { App, t } from 'wharfjs'
import { TestClient } from 'wharfjs/testing'

// Offsets and messages as Python's json module reports them (FastAPI's loc: ["body", offset]).
const cases: [string, number, string][] = [
  ['   ', 3, 'Expecting value'],
  ['{"a": x}', 6, 'Expecting value'],
  ['{"a":1,}', 7, 'Expecting property name enclosed in double quotes'],
  ['{"a" 1}', 5, "Expecting ':' delimiter"],
  ['{"a":1 "b":2}', 7, "Expecting ',' delimiter"],
  ['[1, 2', 5, "Expecting ',' delimiter"],
  ['[1,]', 3, 'Expecting value'],
  ['{"a":"x}', 5, 'Unterminated string starting at'],
  ['{"a":"\\q"}', 6, 'Invalid \\escape'],
  ['{"a":1} x', 8, 'Extra data'],
  ['[[{"a":[{}]}], {"b": tru}]', 21, 'Expecting value'],
  ['[[], {}, [1, {"k": [true, null]}], ]', 35, 'Expecting value'],
]

describe('malformed JSON bodies', () => {
  const app = new App({ logger: false })
  app.post('/', { body: t.Any() }, ({ body }) => ({ body }))
  app.post('/deep', { body: t.Any(), jsonMaxDepth: 200_000 }, ({ body }) => ({ body }))
  const client = new TestClient(app)
  const send = (body: string) => client.post('/', { body, headers: { 'content-type': 'application/json' } })

  it.each(cases)('%j → offset %i, %s', async (body, position, message) => {
    const res = await send(body)
    expect(res.status).toBe(422)
    expect(res.json().detail).toEqual([
      {
        type: 'json_invalid',
        loc: ['body', position],
        msg: 'JSON decode error',
        input: {},
        ctx: { error: message },
      },
    ])
  })

  it('answers 100,000 unclosed brackets with a 422, not a stack overflow', async () => {
    // The default depth limit (128) answers this before the offset scanner runs; a route that allows
    // the depth still gets its offset from the (iterative) scanner.
    const res = await client.post('/deep', {
      body: '['.repeat(100_000),
      headers: { 'content-type': 'application/json' },
    })
    expect(res.status).toBe(422)
    expect(res.json().detail[0].loc).toEqual(['body', 100_000])
    expect(res.json().detail[0].ctx).toEqual({ error: 'Expecting value' })
  })
})
