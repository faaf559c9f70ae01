/**
 * Fan-out: one request awaits several upstream calls at once with `Promise.all`. The calls overlap on
 * the event loop, so the request takes about as long as the slowest call, not the sum of all of them.
 *
 * Run: npm run build && node examples/seed/fan-out.ts
 * It starts three stand-in services (100, 200 and 300 ms), serves GET /dashboard on :8000, calls it
 * once and prints the timing: ≈300 ms, where calling them one after another would take ≈600 ms.
 */
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { App } from 'wharfjs'
import { HttpClient } from 'wharfjs/http'

/** The stand-in services and how long each takes to answer, in ms. */
export const SERVICE_DELAYS = { user: 100, orders: 200, recommendations: 300 } as const

/** Stand-in services on one loopback port; `maxConcurrent` shows the calls really overlapped. */
export interface Services {
  url: string
  readonly maxConcurrent: number
  close(): Promise<void>
}

/** Starts the stand-in services: `GET /{name}` answers `{"service": name}` after its delay. */
export async function startServices(port = 0): Promise<Services> {
  let inFlight = 0
  let maxConcurrent = 0
  const server = createServer((req, res) => {
    const name = (req.url ?? '').slice(1) as keyof typeof SERVICE_DELAYS
    const delay = SERVICE_DELAYS[name]
    if (delay === undefined) {
      res.writeHead(404, { 'content-type': 'application/json' }).end('{"error":"not found"}')
      return
    }
    inFlight++
    maxConcurrent = Math.max(maxConcurrent, inFlight)
    setTimeout(() => {
      inFlight--
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ service: name }))
    }, delay)
  })
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve))
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    get maxConcurrent() {
      return maxConcurrent
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve())
        server.closeAllConnections()
      }),
  }
}

/** The app: `GET /dashboard` gathers the three services concurrently. */
export function createFanOutApp(servicesUrl: string): { app: App; http: HttpClient } {
  const http = new HttpClient({ baseUrl: servicesUrl, timeout: 5_000 })
  const app = new App({ title: 'Fan-out demo', version: '1.0.0' })
  app.get('/dashboard', async ({ signal }) => {
    const started = performance.now()
    // All three calls start now; awaiting them together costs the slowest one. A failure rejects at
    // once (502/504 if unhandled); `signal` cancels all three if the client goes away.
    const [user, orders, recommendations] = await Promise.all(
      (['user', 'orders', 'recommendations'] as const).map(async (name) =>
        (await http.get(`/${name}`, { signal })).raiseForStatus().json(),
      ),
    )
    const sequentialMs = SERVICE_DELAYS.user + SERVICE_DELAYS.orders + SERVICE_DELAYS.recommendations
    return { user, orders, recommendations, elapsedMs: Math.round(performance.now() - started), sequentialMs }
  })
  return { app, http }
}

if (import.meta.main) {
  const services = await startServices()
  const { app } = createFanOutApp(services.url)
  const server = await app.listen({ host: '127.0.0.1', port: Number(process.env.PORT ?? 8000) })
  const demo = new HttpClient()
  const result = (await demo.get(`${server.url}/dashboard`)).json()
  app.log.info(
    `GET /dashboard gathered 3 services in ${result.elapsedMs} ms (one after another: ≈${result.sequentialMs} ms;` +
      ` at most ${services.maxConcurrent} calls in flight at once). Serving on ${server.url}/dashboard`,
  )
  await demo.close()
}
