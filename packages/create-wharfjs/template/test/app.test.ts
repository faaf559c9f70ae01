import assert from 'node:assert/strict'
import { test } from 'node:test'
import { TestClient } from 'wharfjs/testing'
import { app } from '../app.ts'

// In-process: requests go through the whole app (validation, serialization) without a socket.
const client = new TestClient(app)

test('GET / says hello', async () => {
  const res = await client.get('/')
  assert.equal(res.status, 200)
  assert.deepEqual(res.json(), { Hello: 'World' })
})

test('GET /items/{id} reads an item, or answers 404', async () => {
  assert.deepEqual((await client.get('/items/1')).json(), { id: 1, name: 'Hammer', price: 9.5 })
  const missing = await client.get('/items/99')
  assert.equal(missing.status, 404)
  assert.deepEqual(missing.json(), { detail: 'Item not found' })
})

test('POST /items validates the body', async () => {
  const created = await client.post('/items', { json: { name: 'Saw', price: 20 } })
  assert.equal(created.status, 201)
  assert.deepEqual(created.json(), { id: 2, name: 'Saw', price: 20 })
  const invalid = await client.post('/items', { json: { name: '', price: 20 } })
  assert.equal(invalid.status, 422)
  assert.deepEqual(
    invalid.json().detail.map((issue: { loc: unknown }) => issue.loc),
    [['body', 'name']],
  )
})
