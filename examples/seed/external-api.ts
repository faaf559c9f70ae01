/**
 * The design document's second example: a handler that awaits an external API through the async HTTP
 * client and raises `HTTPException(status, 'Failed to fetch data')` when the upstream answers anything
 * but 200. While it waits, the event loop serves other requests; if the client goes away, `signal`
 * cancels the outbound call (the upstream sees its connection closed).
 *
 * Run: npm run build && node examples/seed/external-api.ts   (then: curl http://127.0.0.1:8000/external-api)
 * With no EXTERNAL_API_URL, a small stand-in API starts on 127.0.0.1:8001 (no internet needed); set
 * EXTERNAL_API_URL=https://your.api/data to call a real one. Unhandled upstream failures answer 502
 * (connection refused, reset, invalid response) or 504 (timeout) with {"detail": ...}.
 */
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { App, HTTPException } from 'wharfjs'
import { HttpClient } from 'wharfjs/http'

/** One client for the whole app: its keep-alive pool is shared by every request. */
export const http = new HttpClient({ timeout: 5_000 })

/** The app, calling `dataUrl`. A factory so the tests can aim it at their own upstream. */
export function createExternalApiApp(dataUrl: string): App {
  const app = new App({ title: 'External API demo', version: '1.0.0' })
  app.get('/external-api', async ({ signal }) => {
    // signal aborts if the client goes away: the outbound call is cancelled with it.
    const res = await http.get(dataUrl, { signal })
    if (res.status !== 200) throw new HTTPException(res.status, 'Failed to fetch data')
    return res.json()
  })
  return app
}

/**
 * A stand-in for the external API: `GET /data` answers a small JSON document after 50 ms (a network
 * round trip); anything else is a 404.
 */
export async function startStandInApi(port = 0): Promise<{ url: string; close(): Promise<void> }> {
  const server = createServer((req, res) => {
    if (req.method !== 'GET' || req.url !== '/data') {
      res.writeHead(404, { 'content-type': 'application/json' }).end('{"error":"not found"}')
      return
    }
    const body = JSON.stringify({ source: 'stand-in', items: [{ id: 1, name: 'Hammer' }] })
    setTimeout(() => res.writeHead(200, { 'content-type': 'application/json' }).end(body), 50)
  })
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve))
  const address = server.address() as AddressInfo
  return {
    url: `http://127.0.0.1:${address.port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve())
        server.closeAllConnections()
      }),
  }
}

const STAND_IN_PORT = Number(process.env.STAND_IN_PORT ?? 8001)

/** The app as `wharf run` and the tests load it: the real API if configured, else the stand-in's address. */
export const app = createExternalApiApp(
  process.env.EXTERNAL_API_URL ?? `http://127.0.0.1:${STAND_IN_PORT}/data`,
)

if (import.meta.main) {
  if (!process.env.EXTERNAL_API_URL) {
    const standIn = await startStandInApi(STAND_IN_PORT)
    app.log.info(`stand-in external API on ${standIn.url}/data (set EXTERNAL_API_URL to use a real one)`)
  }
  const server = await app.listen({
    host: process.env.HOST ?? '127.0.0.1',
    port: Number(process.env.PORT ?? 8000),
  })
  app.log.info(`try: curl ${server.url}/external-api`)
}
