/**
 * The client side of bench/idle-connections.ts, in its own process (launched with the raised file
 * limit, pinned to the load CPU): opens COUNT keep-alive connections to URL, at most BATCH connecting
 * at once, sends one `GET /` on each and reads the whole response; once all are open, one more request
 * on each (so that every idle clock starts again), then it leaves every connection idle.
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

let closedEarly = 0
let failed = 0

/** One keep-alive connection that sends `GET` requests one at a time and reads each whole response. */
class Connection {
  readonly socket: Socket
  private received = ''
  private answer: ((ok: boolean) => void) | undefined
  private answeredOnce = false

  constructor(connected: () => void) {
    this.socket = connect({ host: hostname, port: Number(port) }, connected)
    this.socket.setEncoding('latin1')
    this.socket.on('data', (chunk: string) => this.onData(chunk))
    this.socket.on('error', () => {})
    this.socket.once('close', () => {
      if (this.answeredOnce) closedEarly++
      this.settle(false)
    })
  }

  /** Sends one request; resolves with whether a whole 200 response came back (false if closed first). */
  ask(): Promise<boolean> {
    return new Promise((resolve) => {
      this.answer = resolve
      this.socket.write(request)
    })
  }

  private onData(chunk: string): void {
    this.received += chunk
    const end = this.received.indexOf('\r\n\r\n')
    if (end === -1) return
    const length = Number(/content-length:\s*(\d+)/i.exec(this.received.slice(0, end))?.[1] ?? 0)
    if (this.received.length - end - 4 < length) return
    const ok = this.received.startsWith('HTTP/1.1 200')
    this.received = ''
    this.answeredOnce = true
    this.settle(ok)
  }

  private settle(ok: boolean): void {
    const answer = this.answer
    this.answer = undefined
    answer?.(ok)
  }
}

const held: Connection[] = []

/** Connects, sends one request and waits for its whole response. */
async function openOne(): Promise<void> {
  let connection: Connection | undefined
  await new Promise<void>((resolve) => {
    connection = new Connection(resolve)
    connection.socket.once('close', () => resolve())
  })
  if (connection!.socket.destroyed || !(await connection!.ask())) {
    failed++
    return
  }
  held.push(connection!)
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
// Opening thousands of connections takes seconds on a loaded machine, close to the 5 s keep-alive
// timeout of node:http and Wharf: one more request on each restarts every connection's idle clock.
const refreshed = await Promise.all(held.map((connection) => connection.ask()))
failed += refreshed.filter((ok) => !ok).length
clearTimeout(giveUp)
process.stdout.write(
  `${JSON.stringify({ held: held.length - closedEarly, failed, openMs: Math.round(performance.now() - started) })}\n`,
)

// Held until the orchestrator has sampled the server; a second timer bounds the hold.
const holdLimit = setTimeout(() => process.exit(1), GIVE_UP_MS)
process.once('SIGTERM', () => {
  clearTimeout(holdLimit)
  process.stdout.write(`${JSON.stringify({ closedEarly })}\n`)
  for (const connection of held) connection.socket.destroy()
  process.exit(0)
})
