/**
 * The design document's blocking server, for contrast with `event-driven-socket-server.ts`: it accepts
 * one connection, reads until the request is complete, answers {"Hello": "World"}, closes, and only then
 * accepts the next. Node has no blocking sockets, so the loop below plays `while True: conn = accept();
 * recv(); send(); close()` with awaits: connections that arrive meanwhile wait, unread, in the queue,
 * as they would in the kernel's backlog. One slow client delays everyone (see `slow-client-demo.ts`).
 *
 * Run: node examples/seed/blocking-socket-server.ts   (then: curl http://127.0.0.1:8083/)
 */
import { on } from 'node:events'
import { createServer, type Server, type Socket } from 'node:net'
import { formatEvent, HELLO_RESPONSE, peerOf, type SocketEvent } from './event-driven-socket-server.ts'

/** Resolves once the request's headers are in (true), or the client went away first (false). */
function receiveRequest(socket: Socket, onRead: (bytes: number) => void): Promise<boolean> {
  return new Promise((resolve) => {
    if (socket.destroyed) return resolve(false)
    let received = ''
    const onData = (chunk: Buffer) => {
      onRead(chunk.length)
      received += chunk.toString('latin1')
      if (received.includes('\r\n\r\n')) finish(true)
    }
    const onGone = () => finish(false)
    const finish = (complete: boolean) => {
      socket.off('data', onData).off('end', onGone).off('close', onGone)
      resolve(complete)
    }
    socket.on('data', onData).once('end', onGone).once('close', onGone)
    socket.resume()
  })
}

/** Resolves once the socket is fully closed. */
function closed(socket: Socket): Promise<void> {
  return new Promise((resolve) => (socket.closed ? resolve() : socket.once('close', () => resolve())))
}

/** Serves the accepted connections strictly one after another, until the server closes. */
async function serveOneAtATime(server: Server, onEvent: (event: SocketEvent) => void): Promise<void> {
  // The iterator queues 'connection' events: our accept queue. Paused sockets are not read meanwhile.
  for await (const [socket] of on(server, 'connection', { close: ['close'] }) as AsyncIterable<[Socket]>) {
    const peer = peerOf(socket)
    onEvent({ type: 'accept', peer })
    const onRead = (bytes: number) => onEvent({ type: 'read', peer, bytes })
    if (await receiveRequest(socket, onRead)) socket.end(HELLO_RESPONSE)
    else socket.destroy()
    await closed(socket)
    onEvent({ type: 'close', peer })
  }
}

/** A server that handles one connection at a time; the others wait for it to finish. */
export function createBlockingServer(onEvent: (event: SocketEvent) => void = () => {}): Server {
  const server = createServer({ pauseOnConnect: true })
  // A reset while waiting in the queue must not crash the process: the socket just closes.
  server.on('connection', (socket) => socket.on('error', () => socket.destroy()))
  void serveOneAtATime(server, onEvent)
  return server
}

if (import.meta.main) {
  const server = createBlockingServer((event) => console.log(formatEvent(event)))
  server.listen(Number(process.env.PORT ?? 8083), '127.0.0.1', () => {
    console.log('blocking server on http://127.0.0.1:%d', (server.address() as { port: number }).port)
  })
}
