/**
 * The design document's aiohttp server: a handler that awaits a 1-second sleep (standing in for a
 * database or an upstream API) and answers {"Hello": "World"}. While one request sleeps, the event loop
 * serves the others, which `concurrency-demo.ts` measures with 1,000 requests at once.
 *
 * Run: npm run build && node examples/seed/sleep-server.ts   (then: curl http://127.0.0.1:8080/)
 */
import { setTimeout as sleep } from 'node:timers/promises'
import { App } from 'wharfjs'

/** How long each request "waits on I/O". One second, as in the document. */
export const IO_DELAY_MS = 1_000

/**
 * An app whose one route awaits `delayMs` of simulated I/O. A factory, so the demo and the tests each
 * get their own instance.
 */
export function createSleepApp(delayMs = IO_DELAY_MS): App {
  const app = new App({ logger: false })
  app.get('/', async () => {
    // `await` hands the thread back to the event loop: no request is blocked by another's sleep.
    await sleep(delayMs)
    return { Hello: 'World' }
  })
  return app
}

if (import.meta.main) {
  const server = await createSleepApp().listen({ host: '127.0.0.1', port: Number(process.env.PORT ?? 8080) })
  console.log(`sleep server on ${server.url}: each request takes ${IO_DELAY_MS} ms of simulated I/O`)
}
