import type { IncomingHttpHeaders } from 'node:http'
import { hasBody } from '../params/body.ts'
import type { RequestView } from '../request.ts'

/**
 * The request as a mounted app sees it: the same request (method, headers, body, signal, id), with
 * the mount's prefix moved from the URL to `rootPath`, as Starlette's `Mount` does with `root_path`.
 * Docs pages and redirects of the mounted app build their URLs from it.
 */
export class MountedRequest implements RequestView {
  readonly url: string
  readonly rootPath: string

  constructor(
    private readonly outer: RequestView,
    prefix: string,
    rest: string,
  ) {
    this.url = rest
    this.rootPath = (outer.rootPath ?? '') + prefix
  }

  get method(): string {
    return this.outer.method
  }
  get headers(): IncomingHttpHeaders {
    return this.outer.headers
  }
  get scheme(): string {
    return this.outer.scheme
  }
  get remoteAddress(): string | undefined {
    return this.outer.remoteAddress
  }
  get bodyPresent(): boolean {
    return hasBody(this.outer)
  }
  get signal(): AbortSignal {
    return this.outer.signal
  }
  get id(): string | undefined {
    return this.outer.id
  }
  set id(value: string | undefined) {
    this.outer.id = value
  }
  readBody(limit: number): Promise<Buffer> {
    return this.outer.readBody(limit)
  }
  bodyStream(limit: number): AsyncIterable<Buffer> {
    return this.outer.bodyStream(limit)
  }
}
