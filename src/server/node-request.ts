import type { IncomingMessage, ServerResponse } from 'node:http'
import type { TLSSocket } from 'node:tls'
import { collectBody } from '../params/body.ts'
import type { RequestView } from '../request.ts'

/**
 * The request view over node:http's objects. Everything is read lazily: most requests never touch
 * the signal or the body, and creating an AbortController per request would cost every request.
 */
export class NodeRequest implements RequestView {
  private controller: AbortController | undefined

  constructor(
    readonly raw: IncomingMessage,
    readonly res: ServerResponse,
  ) {}

  get method(): string {
    return this.raw.method ?? 'GET'
  }

  get url(): string {
    return this.raw.url ?? '/'
  }

  get headers() {
    return this.raw.headers
  }

  get scheme(): string {
    return (this.raw.socket as TLSSocket).encrypted ? 'https' : 'http'
  }

  get remoteAddress(): string | undefined {
    return this.raw.socket.remoteAddress
  }

  get signal(): AbortSignal {
    if (this.controller) return this.controller.signal
    const controller = new AbortController()
    this.controller = controller
    if (this.res.writableFinished) return controller.signal
    if (this.res.destroyed || this.raw.socket.destroyed) {
      controller.abort(new Error('The client disconnected'))
      return controller.signal
    }
    this.res.once('close', () => {
      if (!this.res.writableFinished) controller.abort(new Error('The client disconnected'))
    })
    return controller.signal
  }

  readBody(limit: number): Promise<Buffer> {
    return collectBody(this.raw, this.raw.headers['content-length'], limit)
  }
}
