/**
 * One slow client against each socket server: it connects first and takes 1 s to send its request;
 * a second client connects right after and sends its request at once. The blocking server makes the
 * second client wait for the first; the event-driven server answers it immediately.
 *
 * Run: node examples/seed/slow-client-demo.ts
 */
import { once } from 'node:events'
import { type AddressInfo, connect, type Server } from 'node:net'
import { setTimeout as sleep } from 'node:timers/promises'
import { createBlockingServer } from './blocking-socket-server.ts'
import { createEventDrivenServer, formatEvent, type SocketEvent } from './event-driven-socket-server.ts'

/** A client's view: its whole response, and ms from its connect to the end of the response. */
export interface ClientResult {
  response: string
  ms: number
}

/** What the two clients saw, and which one got its answer first. */
export interface SlowClientOutcome {
  slow: ClientResult
  fast: ClientResult
  finished: Array<'slow' | 'fast'>
}

/** Connects, sends `parts` with `pauseMs` between them, and reads the response until the server closes. */
async function client(port: number, parts: string[], pauseMs: number, connected?: () => void) {
  const started = performance.now()
  const socket = connect(port, '127.0.0.1')
  await once(socket, 'connect')
  connected?.()
  const chunks: Buffer[] = []
  socket.on('data', (chunk: Buffer) => chunks.push(chunk))
  const closed = once(socket, 'close')
  for (const [i, part] of parts.entries()) {
    if (i > 0) await sleep(pauseMs)
    socket.write(part)
  }
  await closed
  return { response: Buffer.concat(chunks).toString(), ms: performance.now() - started }
}

/** Runs the slow client and, once it is connected, the fast one, against a listening server. */
export async function slowThenFast(server: Server, slowMs = 1_000): Promise<SlowClientOutcome> {
  const { port } = server.address() as AddressInfo
  const finished: SlowClientOutcome['finished'] = []
  const request = 'GET / HTTP/1.1\r\nhost: 127.0.0.1\r\n\r\n'
  const record = (who: 'slow' | 'fast') => (result: ClientResult) => {
    finished.push(who)
    return result
  }
  let slowConnected = () => {}
  const connected = new Promise<void>((resolve) => (slowConnected = resolve))
  const slow = client(port, [request.slice(0, 16), request.slice(16)], slowMs, slowConnected).then(
    record('slow'),
  )
  // Connecting only once the slow client is connected puts the fast one behind it in the accept queue.
  await connected
  const fast = client(port, [request], 0).then(record('fast'))
  const [slowResult, fastResult] = await Promise.all([slow, fast])
  return { slow: slowResult, fast: fastResult, finished }
}

async function demo(name: string, create: (onEvent: (event: SocketEvent) => void) => Server) {
  const t0 = performance.now()
  let closes = 0
  let bothClosed = () => {}
  const closed = new Promise<void>((resolve) => (bothClosed = resolve))
  const server = create((event) => {
    console.log(`  +${(performance.now() - t0).toFixed(0).padStart(4)} ms  ${formatEvent(event)}`)
    if (event.type === 'close' && ++closes === 2) bothClosed()
  })
  server.listen(0, '127.0.0.1')
  await once(server, 'listening')
  console.log(`${name}:`)
  const outcome = await slowThenFast(server)
  await closed // so that the server's last log line comes before the summary
  server.close()
  console.log(
    `  fast client answered in ${outcome.fast.ms.toFixed(0)} ms, slow client in ${outcome.slow.ms.toFixed(0)} ms; first answered: ${outcome.finished[0]}`,
  )
}

if (import.meta.main) {
  await demo('blocking server (one connection at a time)', createBlockingServer)
  await demo('event-driven server (every ready socket, as epoll reports it)', createEventDrivenServer)
}
