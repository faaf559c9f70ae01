/**
 * The client side of bench/idle-connections.ts, in its own process (launched with the raised file
 * limit, pinned to the load CPU): opens COUNT keep-alive connections to URL, at most BATCH connecting
 * at once, sends one `GET /` on each and reads the whole response, then leaves every connection idle.
 *
 * It prints one JSON line once all are answered (`{"held", "failed", "openMs"}`), then holds them until
 * SIGTERM, when it prints how many the server had closed meanwhile (`{"closedEarly"}`) and exits, which
 * closes the rest. Bounded: it gives up (exit 1) after GIVE_UP_MS.
 *
 * Run by the orchestrator: `node bench/lib/idle-client.ts URL COUNT [BATCH]`.
 */
import { connect, type Socket } from 'node:net'

const GIVE_UP_MS = 60_000
const [url = '', countText = '5000', batchText = '200'] = process.argv.slice(2)
const { hostname, port, pathname } = new URL(url)
const count = Number(countText)
const batch = Number(batchText)
const request = `GET ${pathname} HTTP/1.1\r\nHost: ${hostname}:${port}\r\n\r\n`

const sockets: Socket[] = []
let closedEarly = 0
let failed = 0

/** Connects, sends the request and resolves once the whole response (headers + content-length) is in. */
function openOne(): Promise<void> {
  return new Promise((resolve) => {
    const socket = connect({ host: hostname, port: Number(port) })
    let received = ''
    let answered = false
    socket.setEncoding('latin1')
    socket.once('connect', () => socket.write(request))
    socket.on('data', (chunk: string) => {
      if (answered) return
      received += chunk
      const end = received.indexOf('\r\n\r\n')
      if (end === -1) return
      const length = Number(/content-length:\s*(\d+)/i.exec(received.slice(0, end))?.[1] ?? 0)
      if (received.length - end - 4 < length) return
      answered = true
      if (!received.startsWith('HTTP/1.1 200')) failed++
      received = ''
      sockets.push(socket)
      resolve()
    })
    socket.on('error', () => {})
    socket.once('close', () => {
      if (answered) closedEarly++
      else {
        failed++
        resolve()
      }
    })
  })
}

const giveUp = setTimeout(() => {
  process.stderr.write(`idle-client: gave up after ${GIVE_UP_MS} ms\n`)
  process.exit(1)
}, GIVE_UP_MS)

const started = performance.now()
let next = 0
async function worker(): Promise<void> {
  while (next < count) {
    next++
    await openOne()
  }
}
await Promise.all(Array.from({ length: Math.min(batch, count) }, worker))
clearTimeout(giveUp)
process.stdout.write(
  `${JSON.stringify({ held: sockets.length - closedEarly, failed, openMs: Math.round(performance.now() - started) })}\n`,
)

// Held until the orchestrator has sampled the server; a second timer bounds the hold.
const holdLimit = setTimeout(() => process.exit(1), GIVE_UP_MS)
process.once('SIGTERM', () => {
  clearTimeout(holdLimit)
  process.stdout.write(`${JSON.stringify({ closedEarly })}\n`)
  for (const socket of sockets) socket.destroy()
  process.exit(0)
})
