/**
 * The routes of one generated resource: list, get, create, update and delete, as a user writes them
 * (schemas, per-status response maps, dependencies). Every third resource replaces its delete route
 * with a deliberate mistake that tsc must report.
 */

/** Deliberate mistakes, one line each, each of which the types must reject. */
const MISTAKES: ((r: string, n: number) => string)[] = [
  // A response schema field of the wrong type.
  (r, n) =>
    `${r}.delete('/items${n}/{id}', { path: { id: t.Integer() }, response: Item${n} }, ({ path }) => ({ id: String(path.id), name: 'n', price: 1, tags: [], status: 'live' }))`,
  // A per-status response map, and a value that matches none of its statuses.
  (r, n) =>
    `${r}.delete('/items${n}/{id}', { path: { id: t.Integer() }, response: { 200: Item${n}, 404: NotFound } }, () => 42)`,
  // A path parameter the template does not declare.
  (r, n) => `${r}.delete('/items${n}/{id}', ({ path }) => path.itemId)`,
  // A boolean query parameter used as a string.
  (r, n) =>
    `${r}.delete('/items${n}/{id}', { query: { force: t.Boolean() } }, ({ query }) => query.force.toUpperCase())`,
  // A number body field used as a string.
  (r, n) => `${r}.delete('/items${n}/{id}', { body: NewItem${n} }, ({ body }) => body.price.toUpperCase())`,
  // A router dependency's field that does not exist.
  (r, n) => `${r}.delete('/items${n}/{id}', ({ deps }) => deps.user.email)`,
  // A literal outside the response schema's union.
  (r, n) =>
    `${r}.delete('/items${n}/{id}', { response: Item${n} }, () => ({ id: 1, name: 'n', price: 1, tags: [], status: 'archived' }))`,
]

/** Source code of resource `n`'s five routes on `router<n / 5>`, and how many mistakes it holds. */
export function routesOfResource(n: number, resourcesPerRouter: number): { code: string; errors: number } {
  const r = `router${Math.floor(n / resourcesPerRouter)}`
  const mistake = n % 3 === 0 ? MISTAKES[(n / 3) % MISTAKES.length] : undefined
  const remove = mistake
    ? `// @ts-expect-error: deliberate mistake, which the types must report\n${mistake(r, n)}\n`
    : `${r}.delete(
  '/items${n}/{id}',
  { path: { id: t.Integer() }, deps: { db }, status: 204 },
  async ({ path, deps }) => {
    if (!deps.user.admin) throw new HTTPException(403, 'Not allowed')
    await deps.db.find('items${n}', path.id)
    return null
  },
)
`
  const code = `const Item${n} = t.Object({
  id: t.Integer(),
  name: t.String(),
  price: t.Number(),
  tags: t.Array(t.String()),
  owner: t.Optional(t.String()),
  status: t.Union([t.Literal('draft'), t.Literal('live')]),
})
const NewItem${n} = t.Object({ name: t.String({ minLength: 1 }), price: t.Number({ minimum: 0 }), tags: t.Array(t.String()) })

${r}.get(
  '/items${n}',
  {
    query: { q: t.Optional(t.String()), sort: t.Union([t.Literal('name'), t.Literal('price')]) },
    deps: { page: pagination },
    response: t.Array(Item${n}),
  },
  async ({ query, deps }) =>
    Array.from({ length: deps.page.limit }, (_, i) => ({
      id: deps.page.offset + i,
      name: query.q ?? query.sort,
      price: i,
      tags: [deps.user.name],
      status: 'live' as const,
    })),
)
${r}.get(
  '/items${n}/{id}',
  { path: { id: t.Integer() }, deps: { db }, response: { 200: Item${n}, 404: NotFound } },
  async ({ path, deps }) => {
    const row = await deps.db.find('items${n}', path.id)
    if (!row) return json({ detail: 'Item not found' }, { status: 404 })
    return { id: path.id, name: String(row.name), price: Number(row.price), tags: [], status: 'draft' }
  },
)
${r}.post(
  '/items${n}',
  { body: NewItem${n}, deps: { db }, status: 201, response: { 201: Item${n}, 409: NotFound } },
  async ({ body, deps }) => {
    const id = await deps.db.save('items${n}', body)
    return { id, ...body, owner: deps.user.name, status: 'draft' }
  },
)
${r}.put(
  '/items${n}/{id}',
  { path: { id: t.Integer() }, headers: { ifMatch: t.Optional(t.String()) }, body: t.Partial(NewItem${n}), response: Item${n} },
  ({ path, headers, body }) => {
    if (headers.ifMatch === '*') return new HTTPResponse(412, {}, null)
    return { id: path.id, name: body.name ?? '', price: body.price ?? 0, tags: body.tags ?? [], status: 'live' }
  },
)
${remove}`
  return { code, errors: mistake ? 1 : 0 }
}
