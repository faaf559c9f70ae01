import type { IncomingMessage, ServerResponse } from 'node:http'
import type { TLSSocket } from 'node:tls'
import { limitBody } from '../params/body.ts'
import type { RequestView } from '../request.ts'
import { continuedOnRead, sendContinueIfAwaited } from './expect-continue.ts'
import { firstHeaderValue, type TrustedProxies } from './proxy-headers.ts'
import { readNodeBody } from './read-body.ts'

/** Per-server settings that change how requests are read (set by `listen()` options). */
export interface NodeRequestSettings {
  /** When set, `X-Forwarded-For` / `X-Forwarded-Proto` are believed from these peers only. */
  readonly proxies?: TrustedProxies | undefined
  /** A prefix a reverse proxy mounts the app under (`/api`); removed from paths that carry it. */
  readonly rootPath?: string | undefined
}

const NO_SETTINGS: NodeRequestSettings = {}
const FORWARDED_SCHEMES = new Set(['http', 'https', 'ws', 'wss'])
/**
 * wharfjs/http's hook on `ctx.signal`: set to null here, then to an object whose `abort(reason)` this
 * adapter calls when it aborts the signal, so the client needs no listener on it (http/call-abort.ts;
 * a registry symbol because server/ may not import http/).
 */
const REQUEST_ABORT = Symbol.for('wharfjs.requestAbort')
type HookedSignal = AbortSignal & { [REQUEST_ABORT]?: { abort(reason: unknown): void } | null }

/**
 * The request view over node:http's objects. Everything is read lazily: most requests never touch
 * the signal or the body, and creating an AbortController per request would cost every request.
 */
export class NodeRequest implements RequestView {
  private controller: AbortController | undefined

  constructor(
    readonly raw: IncomingMessage,
    readonly res: ServerResponse,
    /** The request id (from `X-Request-ID` or generated) when the server assigns one. */
    public id?: string,
    private readonly settings: NodeRequestSettings = NO_SETTINGS,
  ) {}

  get method(): string {
    return this.raw.method ?? 'GET'
  }

  get url(): string {
    const url = this.raw.url ?? '/'
    const { rootPath } = this.settings
    if (rootPath === undefined || !url.startsWith(rootPath)) return url
    // Only a whole segment: `/api` is stripped from `/api/items`, not from `/apiary`.
    const rest = url.slice(rootPath.length)
    if (rest === '' || rest[0] === '?') return `/${rest}`
    return rest[0] === '/' ? rest : url
  }

  get rootPath(): string | undefined {
    return this.settings.rootPath
  }

  get headers() {
    return this.raw.headers
  }

  get headersDistinct() {
    return this.raw.headersDistinct
  }

  get scheme(): string {
    if (this.fromTrustedProxy()) {
      const forwarded = firstHeaderValue(this.raw.headers['x-forwarded-proto'])
      if (forwarded !== undefined && FORWARDED_SCHEMES.has(forwarded)) return forwarded
    }
    return (this.raw.socket as TLSSocket).encrypted ? 'https' : 'http'
  }

  get remoteAddress(): string | undefined {
    const peer = this.raw.socket.remoteAddress
    const forwardedFor = this.raw.headers['x-forwarded-for']
    if (forwardedFor === undefined || !this.fromTrustedProxy()) return peer
    const chain = Array.isArray(forwardedFor) ? forwardedFor.join(',') : forwardedFor
    return this.settings.proxies!.clientFrom(chain, peer)
  }

  private fromTrustedProxy(): boolean {
    return this.settings.proxies?.trusts(this.raw.socket.remoteAddress) ?? false
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
    const signal: HookedSignal = controller.signal
    signal[REQUEST_ABORT] = null
    this.res.once('close', () => {
      if (this.res.writableFinished) return
      const reason = new Error('The client disconnected')
      controller.abort(reason)
      signal[REQUEST_ABORT]?.abort(reason)
    })
    return signal
  }

  readBody(limit: number): Promise<Buffer> {
    return readNodeBody(this.raw, limit, () => sendContinueIfAwaited(this.res))
  }

  bodyStream(limit: number): AsyncIterable<Buffer> {
    // A reader that stops early (413 past the limit, or it has what it needs) must not destroy the
    // request, which lets go of the socket: the response would lose `connection: close` and node:http
    // would read the rest of an unbounded body. The rest is left to unread-body.ts.
    const chunks = continuedOnRead(this.res, this.raw.iterator({ destroyOnReturn: false }))
    return limitBody(chunks, this.raw.headers['content-length'] as string | undefined, limit)
  }
}
