import { describe, expect, it } from 'vitest'
import { App } from 'wharfjs'
import { TestClient } from 'wharfjs/testing'

describe('app.get(path, handler)', () => {
  it('serves a plain object as compact JSON', async () => {
    const app = new App({ logger: false })
    app.get('/', async () => ({ Hello: 'World' }))
    const res = await new TestClient(app).get('/')
    expect(res.status).toBe(200)
    expect(res.headers['content-type']).toBe('application/json')
    expect(res.text).toBe('{"Hello":"World"}')
  })
})
