import type { IncomingMessage, ServerResponse } from 'node:http'
import type { Duplex } from 'node:stream'
import { NodeRequest, type NodeRequestSettings } from './node-request.ts'

const EMPTY = Buffer.alloc(0)

/**
 * The request view of an upgrade request: the same URL, root-path, proxy-header and scheme handling as
 * an HTTP request (it extends `NodeRequest`), but there is no `ServerResponse`, no body, and
 * `ctx.signal` aborts when the connection closes, however long it lived.
 */
export class UpgradeRequest extends NodeRequest {
  private readonly closed = new AbortController()

  constructor(raw: IncomingMessage, socket: Duplex, settings: NodeRequestSettings) {
    // `res` is only read by NodeRequest's `signal`, which is replaced here.
    super(raw, undefined as unknown as ServerResponse, undefined, settings)
    if (socket.destroyed) this.closed.abort(new Error('The client disconnected'))
    else socket.once('close', () => this.closed.abort(new Error('The connection closed')))
  }

  override get signal(): AbortSignal {
    return this.closed.signal
  }

  override readBody(): Promise<Buffer> {
    return Promise.resolve(EMPTY)
  }

  override async *bodyStream(): AsyncGenerator<Buffer> {}
}
