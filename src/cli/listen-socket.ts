import { lookup } from 'node:dns/promises'
import net from 'node:net'
import { getSystemErrorName } from 'node:util'

/** A bound TCP socket that this process holds open but never accepts on. */
export interface ListenSocket {
  /** The file descriptor workers inherit and listen on. */
  readonly fd: number
  /** The port it is bound to (the one picked, for port 0). */
  readonly port: number
  close(): void
}

/** The TCP handle Node's cluster module binds for its workers; not part of @types/node. */
interface TcpHandle {
  readonly fd: number
  getsockname(out: { port?: number }): number
  close(): void
}
type CreateServerHandle = (address: string, port: number, addressType: 4 | 6) => TcpHandle | number

/**
 * Binds `host:port` for a pool of workers, the way gunicorn's arbiter does: the supervisor owns the
 * socket and every worker listens on (and accepts from) the same one. Since the supervisor never
 * closes it while serving, the port stays open while every worker is down at once (crashed, or
 * restarting): new connections wait in the kernel's accept queue for the next worker instead of being
 * refused.
 *
 * The supervisor does not call listen() itself (that would make its own event loop accept connections
 * it cannot serve): the first worker's listen() turns the socket into a listening one, and a socket
 * keeps listening as long as one process holds it. The binding goes through the same helper Node's
 * own cluster module uses (`net._createServerHandle`), as no public API binds without accepting.
 * Errors are thrown as `ErrnoException`s with the usual codes (EADDRINUSE, EACCES, EADDRNOTAVAIL).
 *
 * @example
 * const socket = await openListenSocket('0.0.0.0', 8000)
 * fork(main, args, { stdio: ['inherit', 'inherit', 'inherit', 'ipc', socket.fd] })
 */
export async function openListenSocket(host: string, port: number): Promise<ListenSocket> {
  const { address, family } = await lookup(host)
  const create = (net as unknown as { _createServerHandle: CreateServerHandle })._createServerHandle
  const handle = create(address, port, family === 6 ? 6 : 4)
  if (typeof handle === 'number') throw errnoException(handle, address, port)
  if (handle.fd < 0) {
    handle.close()
    throw new Error('--workers needs a system where sockets are file descriptors (Linux, macOS, BSD)')
  }
  const bound: { port?: number } = {}
  handle.getsockname(bound)
  return { fd: handle.fd, port: bound.port ?? port, close: () => handle.close() }
}

function errnoException(errno: number, address: string, port: number): NodeJS.ErrnoException {
  const code = getSystemErrorName(errno)
  const error: NodeJS.ErrnoException = new Error(`bind ${code} ${address}:${port}`)
  error.code = code
  error.errno = errno
  error.syscall = 'bind'
  return error
}
