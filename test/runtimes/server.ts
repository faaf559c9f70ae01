/**
 * A Wharf app served through `app.fetch` by another runtime: `bun server.ts` or `deno run -A
 * server.ts` (it picks `Bun.serve` or `Deno.serve`, whichever exists). It records its life in `events`, served at /events, so a test on Node can check
 * the same lifecycle as on node:http: lifespan, teardown order, background tasks, errors, streaming.
 */
import { App, Depends, HTTPException, stream, t } from '../../dist/index.js'

const events: string[] = []
const app = new App({
  logger: false,
  requestId: true,
  lifespan: async function* () {
    events.push('startup')
    yield
    events.push('shutdown')
  },
})
const session = Depends(async function* session() {
  events.push('session open')
  yield 's1'
  events.push('session closed')
})
const user = Depends({ deps: { session } }, async function* user() {
  events.push('user open')
  yield 'ann'
  events.push('user closed')
})
app.post(
  '/orders/{id}',
  { path: { id: t.Integer() }, body: t.Object({ qty: t.Integer() }), deps: { user }, status: 201 },
  ({ path, body, deps, background }) => {
    events.push('handler')
    background.add(() => events.push('background'))
    return { id: path.id, qty: body.qty, user: deps.user }
  },
)
app.get('/items/{id}', { path: { id: t.Integer() } }, ({ path }) => {
  if (path.id === 0) throw new HTTPException(404, 'Item not found')
  return { id: path.id }
})
app.get('/numbers', () =>
  stream(
    (async function* () {
      for (let i = 1; i <= 3; i++) yield `${i}\n`
    })(),
    { mediaType: 'text/plain' },
  ),
)
app.get('/events', () => events)

declare const Bun:
  | { serve(options: { port: number; hostname: string; fetch: typeof app.fetch }): { port: number } }
  | undefined
declare const Deno:
  | {
      serve(
        options: { port: number; hostname: string; onListen(addr: { port: number }): void },
        handler: typeof app.fetch,
      ): unknown
    }
  | undefined

if (typeof Bun !== 'undefined') {
  const server = Bun.serve({ port: 0, hostname: '127.0.0.1', fetch: app.fetch })
  console.log(JSON.stringify({ runtime: 'bun', port: server.port }))
} else if (typeof Deno !== 'undefined') {
  Deno.serve(
    {
      port: 0,
      hostname: '127.0.0.1',
      onListen: ({ port }) => console.log(JSON.stringify({ runtime: 'deno', port })),
    },
    app.fetch,
  )
} else throw new Error('run this with bun or deno')
