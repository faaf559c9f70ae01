/**
 * The design document's selectors/epoll server, on node:net: one process, one thread, many connections.
 * Nothing here waits: libuv asks the kernel (epoll on Linux, kqueue on macOS) which sockets are ready,
 * and calls back. Each connection answers an HTTP request with {"Hello": "World"} and logs its
 * accept, read and close events, as the document's Python version does.
 *
 * Run: node examples/seed/event-driven-socket-server.ts   (then: curl http://127.0.0.1:8082/)
 */
import { createServer, type Server, type Socket } from 'node:net'

/** What the server saw, in order: the same events the document's selector loop prints. */
export interface SocketEvent {
  type: 'accept' | 'read' | 'close'
  peer: string
  bytes?: number
}

const BODY = JSON.stringify({ Hello: 'World' })
/** A complete HTTP/1.1 answer; `connection: close` because each socket serves one request. */
export const HELLO_RESPONSE = `HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: ${BODY.length}\r\nconnection: close\r\n\r\n${BODY}`

/** `address:port` of the other end, the name the logs use for a connection. */
export const peerOf = (socket: Socket) => `${socket.remoteAddress}:${socket.remotePort}`

/** A server that registers a callback per connection and returns at once: the loop serves everyone. */
export function createEventDrivenServer(onEvent: (event: SocketEvent) => void = () => {}): Server {
  return createServer((socket) => {
    const peer = peerOf(socket)
    onEvent({ type: 'accept', peer })
    let received = ''
    // Runs whenever epoll reports this socket readable; other sockets' callbacks run in between.
    socket.on('data', (chunk) => {
      onEvent({ type: 'read', peer, bytes: chunk.length })
      received += chunk.toString('latin1')
      if (received.includes('\r\n\r\n')) socket.end(HELLO_RESPONSE)
    })
    socket.on('error', () => socket.destroy())
    socket.on('close', () => onEvent({ type: 'close', peer }))
  })
}

/** One event as a log line. */
export function formatEvent(event: SocketEvent): string {
  if (event.type === 'accept') return `accepted connection from ${event.peer}`
  if (event.type === 'read') return `read ${event.bytes} bytes from ${event.peer}`
  return `closed connection to ${event.peer}`
}

if (import.meta.main) {
  const server = createEventDrivenServer((event) => console.log(formatEvent(event)))
  server.listen(Number(process.env.PORT ?? 8082), '127.0.0.1', () => {
    console.log('event-driven server on http://127.0.0.1:%d', (server.address() as { port: number }).port)
  })
}
