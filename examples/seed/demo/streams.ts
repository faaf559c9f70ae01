/**
 * The demo's streaming routes: a response sent piece by piece as an async generator yields, as JSON
 * Lines and as Server-Sent Events. The client sees each piece at once; if it goes away, the generator
 * stops (ctx.signal).
 */
import { jsonl, Router, sse, t } from 'wharfjs'

const sleep = (ms: number, signal: AbortSignal) =>
  new Promise<void>((resolve) => {
    const timer = setTimeout(resolve, ms)
    signal.addEventListener('abort', () => clearTimeout(timer), { once: true })
  })

/** `/stream/countdown` and `/stream/clock`. */
export function streamsRouter(): Router {
  const router = new Router({ prefix: '/stream', tags: ['streaming'] })

  router.get(
    '/countdown',
    {
      query: {
        start: t.Integer({ default: 5, minimum: 1, maximum: 20 }),
        every_ms: t.Integer({ default: 200, minimum: 0, maximum: 1000 }),
      },
      responses: { 200: { description: 'JSON Lines: `{"n": start}` down to `{"n": 0}`, one line per tick' } },
      summary: 'Count down, one line at a time',
    },
    ({ query, signal }) =>
      jsonl(
        (async function* () {
          for (let n = query.start; n >= 0 && !signal.aborted; n--) {
            yield { n }
            if (n > 0) await sleep(query.every_ms, signal)
          }
        })(),
      ),
  )

  router.get(
    '/clock',
    {
      query: { ticks: t.Integer({ default: 3, minimum: 1, maximum: 60 }) },
      responses: { 200: { description: 'Server-Sent Events: one `tick` event a second' } },
      summary: 'The server time as Server-Sent Events',
    },
    ({ query, signal }) =>
      sse(
        (async function* () {
          for (let tick = 1; tick <= query.ticks && !signal.aborted; tick++) {
            yield { event: 'tick', data: { tick, time: new Date().toISOString() } }
            if (tick < query.ticks) await sleep(1000, signal)
          }
        })(),
      ),
  )

  return router
}
