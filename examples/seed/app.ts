/**
 * The design document's first example: an async handler returning {"Hello": "World"}.
 * Run it with `npm start` and open http://127.0.0.1:8000/.
 */
import { App } from 'wharfjs'

export const app = new App({ title: 'Wharf demo', version: '1.0.0' })

app.get('/', async () => ({ Hello: 'World' }))

// Started directly (`node examples/seed/app.ts`), it serves; imported (tests, the CLI), it only defines.
if (import.meta.main) {
  const server = await app.listen({
    host: process.env.HOST ?? '127.0.0.1',
    port: Number(process.env.PORT ?? 8000),
  })
  app.log.info(`Wharf demo serving on ${server.url}`)
}
