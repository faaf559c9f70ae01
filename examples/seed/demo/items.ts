/**
 * The demo's shop (`npm start`, then http://127.0.0.1:8000/docs): typed routes with validation and
 * response schemas, a reusable dependency (pagination), an auth dependency that raises a 401, and a 404.
 */
import { Depends, HTTPException, Router, t } from 'wharfjs'

const Item = t.Object(
  {
    id: t.Integer({ description: 'Assigned by the shop' }),
    name: t.String({ minLength: 1, maxLength: 80 }),
    price: t.Number({ exclusiveMinimum: 0, description: 'In euros' }),
    tags: t.Array(t.String({ maxLength: 20 }), { maxItems: 10, default: [] }),
  },
  { $id: 'Item' },
)
const NewItem = t.Object(
  {
    name: t.String({ minLength: 1, maxLength: 80 }),
    price: t.Number({ exclusiveMinimum: 0 }),
    tags: t.Optional(t.Array(t.String({ maxLength: 20 }), { maxItems: 10 })),
  },
  { $id: 'NewItem' },
)

/** Shared by every list route: `?skip=&limit=`, validated once, typed in the handler. */
const pagination = Depends(
  {
    query: {
      skip: t.Integer({ default: 0, minimum: 0 }),
      limit: t.Integer({ default: 10, minimum: 1, maximum: 100 }),
    },
  },
  ({ query }) => query,
)

/** Writes need `X-Token: demo-token` (try it in the docs page); anything else is a 401. */
const writer = Depends({ headers: { x_token: t.String() } }, ({ headers }) => {
  if (headers.x_token !== 'demo-token') throw new HTTPException(401, 'Invalid X-Token header')
  return { name: 'demo writer' }
})

/** The demo's items, in memory: a fresh copy per app, so each test starts from the same shop. */
export function itemsRouter(): Router {
  const items = new Map([
    [1, { id: 1, name: 'Hammer', price: 9.5, tags: ['tools'] }],
    [2, { id: 2, name: 'Teapot', price: 24, tags: ['kitchen'] }],
  ])
  const router = new Router({ prefix: '/items', tags: ['items'] })

  router.get(
    '/',
    {
      query: { q: t.Optional(t.String({ minLength: 2, description: 'Part of the name' })) },
      deps: { page: pagination },
      response: t.Array(Item),
      summary: 'List items',
    },
    ({ query, deps }) => {
      const found = [...items.values()].filter(
        (item) => !query.q || item.name.toLowerCase().includes(query.q.toLowerCase()),
      )
      return found.slice(deps.page.skip, deps.page.skip + deps.page.limit)
    },
  )

  router.get(
    '/{item_id}',
    {
      path: { item_id: t.Integer({ minimum: 1 }) },
      response: Item,
      responses: { 404: { description: 'No item has this id' } },
      summary: 'Read one item',
    },
    ({ path }) => {
      const item = items.get(path.item_id)
      if (!item) throw new HTTPException(404, 'Item not found')
      return item
    },
  )

  router.post(
    '/',
    {
      body: NewItem,
      deps: { user: writer },
      response: Item,
      status: 201,
      responses: { 401: { description: 'Missing or wrong X-Token' } },
      summary: 'Create an item',
    },
    ({ body }) => {
      const item = { id: Math.max(0, ...items.keys()) + 1, tags: [], ...body }
      items.set(item.id, item)
      return item
    },
  )

  return router
}
