import { App, HTTPException, t } from 'wharfjs'

export const app = new App({ title: '{{name}}', version: '0.1.0' })

const Item = t.Object(
  { id: t.Integer(), name: t.String({ minLength: 1 }), price: t.Number({ exclusiveMinimum: 0 }) },
  { $id: 'Item' },
)
const NewItem = t.Object({ name: t.String({ minLength: 1 }), price: t.Number({ exclusiveMinimum: 0 }) })

const items = new Map([[1, { id: 1, name: 'Hammer', price: 9.5 }]])

app.get('/', async () => ({ Hello: 'World' }))

app.get(
  '/items/{id}',
  { path: { id: t.Integer() }, response: Item, responses: { 404: { description: 'Item not found' } } },
  async ({ path }) => {
    const item = items.get(path.id)
    if (!item) throw new HTTPException(404, 'Item not found')
    return item
  },
)

app.post('/items', { body: NewItem, response: Item, status: 201 }, async ({ body }) => {
  const item = { id: items.size + 1, ...body }
  items.set(item.id, item)
  return item
})
