import { connect, type Socket } from 'node:net'

/**
 * A raw TCP connection to a test server: write bytes as a (slow, hostile, or pipelining) client
 * would, read what comes back, and see when and how the server closes it.
 */
export class RawConnection {
  readonly socket: Socket
  /** Everything the server sent so far. */
  received = ''
  /** When the connection was opened (performance.now()). */
  readonly openedAt = performance.now()
  /** Resolves once the connection is closed, with how long after opening (ms). */
  readonly closed: Promise<number>
  private waiters: (() => void)[] = []

  constructor(port: number) {
    this.socket = connect(port, '127.0.0.1')
    // A server closing on a client that still writes may reset the connection: that is a close too.
    this.socket.on('error', () => {})
    this.socket.on('data', (chunk: Buffer) => {
      this.received += chunk.toString('latin1')
      for (const wake of this.waiters.splice(0)) wake()
    })
    this.closed = new Promise((resolve) => {
      this.socket.on('close', () => {
        resolve(performance.now() - this.openedAt)
        for (const wake of this.waiters.splice(0)) wake()
      })
    })
  }

  /** Resolves with how long the connection lived (ms), or 'still open' once `bound` ms have passed. */
  closedWithin(bound: number): Promise<number | 'still open'> {
    return Promise.race([
      this.closed,
      new Promise<'still open'>((resolve) => setTimeout(() => resolve('still open'), bound)),
    ])
  }

  write(data: string | Buffer): void {
    if (!this.socket.destroyed) this.socket.write(data)
  }

  /** True while the server has not closed the connection. */
  get open(): boolean {
    return !this.socket.destroyed && !this.socket.readableEnded
  }

  /** Writes `piece` every `everyMs` until the connection closes (a slowloris client). Returns a stop function. */
  trickle(piece: string, everyMs: number): () => void {
    const timer = setInterval(() => this.write(piece), everyMs)
    this.socket.once('close', () => clearInterval(timer))
    return () => clearInterval(timer)
  }

  /** Resolves with the next complete response (status line, headers, body by content-length) and consumes it. */
  async response(timeoutMs = 10_000): Promise<RawResponse> {
    const deadline = Date.now() + timeoutMs
    for (;;) {
      const parsed = parseResponse(this.received)
      if (parsed) {
        this.received = this.received.slice(parsed.length)
        return parsed.response
      }
      if (this.socket.destroyed)
        throw new Error(`closed before a whole response: ${JSON.stringify(this.received)}`)
      const left = deadline - Date.now()
      if (left <= 0)
        throw new Error(`no whole response within ${timeoutMs} ms: ${JSON.stringify(this.received)}`)
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left)
        this.waiters.push(() => {
          clearTimeout(timer)
          resolve()
        })
      })
    }
  }

  destroy(): void {
    this.socket.destroy()
  }
}

/** A response as it came over the wire. */
export interface RawResponse {
  status: number
  headers: Record<string, string>
  body: string
}

function parseResponse(text: string): { response: RawResponse; length: number } | undefined {
  const end = text.indexOf('\r\n\r\n')
  if (end === -1) return undefined
  const [statusLine, ...lines] = text.slice(0, end).split('\r\n')
  const headers: Record<string, string> = {}
  for (const line of lines) {
    const colon = line.indexOf(':')
    headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim()
  }
  const length = Number(headers['content-length'] ?? 0)
  if (text.length < end + 4 + length) return undefined
  return {
    response: {
      status: Number(statusLine!.split(' ')[1]),
      headers,
      body: text.slice(end + 4, end + 4 + length),
    },
    length: end + 4 + length,
  }
}
