import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import type { AddressInfo, Socket } from 'node:net'

/** A real upstream on 127.0.0.1 for the client tests, counting the connections it accepts. */
export interface Upstream {
  readonly url: string
  readonly server: Server
  /** Connections accepted so far. */
  readonly connections: number
  /** The most requests it was handling at the same moment. */
  readonly maxInFlight: number
  /** Requests received so far, per path (query excluded). */
  hits(path: string): number
  close(): Promise<void>
}

export type UpstreamHandler = (req: IncomingMessage, res: ServerResponse) => void

/** Starts an upstream on a free loopback port; `routes` maps a path (query excluded) to its handler. */
export async function startUpstream(routes: Record<string, UpstreamHandler>): Promise<Upstream> {
  const counts = new Map<string, number>()
  let connections = 0
  let inFlight = 0
  let maxInFlight = 0
  const sockets = new Set<Socket>()
  const server = createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0]!
    counts.set(path, (counts.get(path) ?? 0) + 1)
    inFlight++
    maxInFlight = Math.max(maxInFlight, inFlight)
    res.once('close', () => inFlight--)
    const handler = routes[path]
    if (handler) handler(req, res)
    else {
      res.writeHead(404, { 'content-type': 'application/json' })
      res.end('{"detail":"Not Found"}')
    }
  })
  server.on('connection', (socket: Socket) => {
    connections++
    sockets.add(socket)
    socket.once('close', () => sockets.delete(socket))
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  return {
    url: `http://127.0.0.1:${port}`,
    server,
    get connections() {
      return connections
    },
    get maxInFlight() {
      return maxInFlight
    },
    hits: (path) => counts.get(path) ?? 0,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy()
        server.close(() => resolve())
      }),
  }
}

/** Sends `value` as JSON. */
export function sendJson(
  res: ServerResponse,
  value: unknown,
  status = 200,
  headers: Record<string, string> = {},
) {
  const body = JSON.stringify(value)
  res.writeHead(status, {
    'content-type': 'application/json',
    'content-length': Buffer.byteLength(body),
    ...headers,
  })
  res.end(body)
}

/** A promise of `promise`, or a rejection once `ms` have passed: bounds every wait in the tests. */
export function within<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout
  const limit = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what}: not within ${ms} ms`)), ms)
  })
  return Promise.race([promise, limit]).finally(() => clearTimeout(timer))
}
