import { WebSocket as Client } from 'ws'

/** How a connection ended, as the client saw it. */
export interface Closed {
  code: number
  reason: string
}

/** A test client connection: messages queued as they arrive, and how the connection ended. */
export interface Conversation {
  client: Client
  /** The next message: text as a string, binary as a Buffer. */
  next(): Promise<string | Buffer>
  closed: Promise<Closed>
}

/** Rejects when `promise` takes longer than `ms`: every wait in these tests is bounded. */
export function within<T>(promise: Promise<T>, ms = 3_000): Promise<T> {
  let timer: NodeJS.Timeout | undefined
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no outcome within ${ms} ms`)), ms)
  })
  return Promise.race([promise, late]).finally(() => clearTimeout(timer))
}

/** What the client sends with its handshake. */
export interface HandshakeOptions {
  protocols?: string[]
  headers?: Record<string, string>
}

/** Opens a WebSocket to `url` (`ws://…`) and resolves once the handshake completed. */
export async function connect(url: string, options: HandshakeOptions = {}): Promise<Conversation> {
  const client = new Client(url, options.protocols, { headers: options.headers ?? {} })
  const queue: (string | Buffer)[] = []
  const waiting: ((message: string | Buffer) => void)[] = []
  client.on('message', (data, binary) => {
    const message = binary ? (data as Buffer) : data.toString()
    const waiter = waiting.shift()
    if (waiter) waiter(message)
    else queue.push(message)
  })
  const closed = new Promise<Closed>((resolve) =>
    client.once('close', (code, reason) => resolve({ code, reason: reason.toString() })),
  )
  await within(
    new Promise<void>((resolve, reject) => {
      client.once('open', () => resolve())
      client.once('error', reject)
    }),
  )
  const next = () => {
    const message = queue.shift()
    if (message !== undefined) return Promise.resolve(message)
    return within(new Promise<string | Buffer>((resolve) => waiting.push(resolve)))
  }
  return { client, next, closed: within(closed) }
}

/** Attempts a handshake that the server refuses: the HTTP status and body it answered. */
export function refusal(
  url: string,
  options: HandshakeOptions = {},
): Promise<{ status: number; body: string }> {
  const client = new Client(url, options.protocols, { headers: options.headers ?? {} })
  client.on('error', () => {})
  return within(
    new Promise((resolve, reject) => {
      client.once('open', () => {
        client.terminate()
        reject(new Error('the handshake was accepted'))
      })
      client.once('unexpected-response', (_request, response) => {
        let body = ''
        response.setEncoding('utf8')
        response.on('data', (chunk: string) => {
          body += chunk
        })
        response.on('end', () => resolve({ status: response.statusCode ?? 0, body }))
      })
    }),
  )
}
