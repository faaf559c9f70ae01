/**
 * The design document's first example, an async handler returning {"Hello": "World"}, and around it
 * the demo `npm start` serves: open http://127.0.0.1:8000/docs for typed routes with validation and
 * response schemas, dependencies, errors and streaming (examples/seed/demo/).
 */
import { App } from 'wharfjs'
import { filesRouter } from './demo/files.ts'
import { itemsRouter } from './demo/items.ts'
import { addEcho } from './demo/live.ts'
import { addMetrics } from './demo/metrics.ts'
import { streamsRouter } from './demo/streams.ts'

/** The text above the operations in /docs (Markdown). */
const description = [
  'Wharf at a glance. Every operation below can be tried from this page:',
  '',
  '- **items**: typed path, query and body parameters (send invalid ones to see the 422), response',
  '  schemas that filter what is returned, a pagination dependency, a 404, and writes that need',
  '  `X-Token: demo-token` (a dependency raising a 401).',
  '- **streaming**: JSON Lines and Server-Sent Events from async generators, sent as they are produced.',
  '- **files**: an upload: choose a file and execute; the answer says what the server received.',
  '- Not in this document: a WebSocket echo at `ws://…/ws/echo?name=you`.',
  '- Prometheus metrics at [/metrics](/metrics): requests by route and status, durations, event-loop delay.',
].join('\n')

export const app = new App({ title: 'Wharf demo', version: '1.0.0', description })
addMetrics(app)

app.get('/', async () => ({ Hello: 'World' }))

app.include(itemsRouter())
app.include(streamsRouter())
app.include(filesRouter())
addEcho(app)

// Started directly (`node examples/seed/app.ts`), it serves; imported (tests, the CLI), it only defines.
if (import.meta.main) {
  const server = await app.listen({
    host: process.env.HOST ?? '127.0.0.1',
    port: Number(process.env.PORT ?? 8000),
  })
  app.log.info(`Wharf demo serving on ${server.url}`)
}
