import { request } from 'node:http'

/** What a load run saw. */
export interface LoadReport {
  /** Requests answered with the expected status. */
  ok: number
  /** Everything else: a wrong status, or a connection error, with what it was. */
  failures: string[]
  /** How many answers carried each body. */
  bodies: Map<string, number>
  /** The slowest answer, in ms. */
  slowestMs: number
}

interface LoadOptions {
  /** Clients sending one request after another. Default 4. */
  concurrency?: number
  /** The run stops by itself after this many requests (a bound, whatever happens). Default 20,000. */
  maxRequests?: number
  /** The requests to send, in turn: GET by default; a body makes it a POST. */
  requests?: { path: string; body?: string }[]
  /** Expected status. Default 200. */
  status?: number
}

/**
 * A bounded load generator for the deployment tests: `concurrency` clients send requests one after
 * another, each on a fresh connection (so a test sees what a new client sees, not a pool's retries),
 * until `stop()` (or `maxRequests`). Every request has a 30 s timeout.
 *
 * @example
 * const load = startLoad(url)
 * // … reload the server …
 * const report = await load.stop()
 * expect(report.failures).toEqual([])
 */
export function startLoad(
  url: string,
  options: LoadOptions = {},
): { stop: () => Promise<LoadReport>; sent: () => number } {
  const report: LoadReport = { ok: 0, failures: [], bodies: new Map(), slowestMs: 0 }
  const requests = options.requests ?? [{ path: '/' }]
  const maxRequests = options.maxRequests ?? 20_000
  const expected = options.status ?? 200
  let sent = 0
  let stopping = false
  const client = async () => {
    while (!stopping && sent < maxRequests) {
      const spec = requests[sent % requests.length]!
      sent++
      const started = performance.now()
      try {
        const { status, body } = await send(`${url}${spec.path}`, spec.body)
        report.slowestMs = Math.max(report.slowestMs, performance.now() - started)
        if (status !== expected) report.failures.push(`${status} ${body}`)
        else {
          report.ok++
          report.bodies.set(body, (report.bodies.get(body) ?? 0) + 1)
        }
      } catch (error) {
        report.failures.push((error as NodeJS.ErrnoException).code ?? String(error))
      }
    }
  }
  const clients = Array.from({ length: options.concurrency ?? 4 }, client)
  return {
    sent: () => sent,
    stop: async () => {
      stopping = true
      await Promise.all(clients)
      return report
    },
  }
}

function send(url: string, body: string | undefined): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const headers = body === undefined ? {} : { 'content-type': 'application/json' }
    const req = request(
      url,
      { method: body === undefined ? 'GET' : 'POST', headers, agent: false },
      (res) => {
        let text = ''
        res.setEncoding('utf8')
        res.on('data', (chunk) => (text += chunk))
        res.on('end', () => resolve({ status: res.statusCode!, body: text }))
        res.on('error', reject)
      },
    )
    req.setTimeout(30_000, () => req.destroy(Object.assign(new Error('timeout'), { code: 'TIMEOUT' })))
    req.on('error', reject)
    req.end(body)
  })
}
