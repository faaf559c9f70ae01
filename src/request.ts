import type { IncomingHttpHeaders } from 'node:http'

/**
 * The lightweight request view at the core of Wharf: every adapter (node:http, fetch, TestClient)
 * builds one of these and hands it to the app's pipeline (`app.pipeline().handler()`). Nothing here is a WHATWG object, and nothing is
 * parsed until a route asks for it.
 */
export interface RequestView {
  /** Upper-case method. */
  readonly method: string
  /** The request target as received: path plus query string. */
  readonly url: string
  /** Lower-case header names, as node:http gives them. */
  readonly headers: IncomingHttpHeaders
  /**
   * Every value of each header, where the transport keeps repeated headers apart (node:http does;
   * `headers` joins them with `, `). List-declared header parameters read it.
   */
  readonly headersDistinct?: Record<string, string[] | undefined>
  /** `https` when the connection is TLS (or a trusted proxy said so), else `http`. */
  readonly scheme: string
  /** The peer's address, where the transport knows it. */
  readonly remoteAddress: string | undefined
  /**
   * Whether a body follows, where the transport knows it (a WHATWG Request has no Content-Length
   * for a streamed body). Left undefined, Content-Length and Transfer-Encoding decide.
   */
  readonly bodyPresent?: boolean
  /**
   * The prefix a reverse proxy mounts the app under (`--root-path /api`), already removed from `url`.
   * The docs pages and the OpenAPI document use it to build URLs the browser can reach.
   */
  readonly rootPath?: string | undefined
  /** Aborted when the client goes away before the response is complete. */
  readonly signal: AbortSignal
  /**
   * The request id, when the server assigns one (the `wharf` command does: `X-Request-ID` if the client
   * sent a sane one, else a fresh UUID). The pipeline sets it; an adapter may set it first (a platform's
   * own request id). `ctx.log` lines carry it as `reqId`.
   */
  id?: string | undefined
  /**
   * Reads the whole body, rejecting with a 413 `HTTPException` once it passes `limit` bytes.
   * Resolves to an empty buffer when there is no body.
   */
  readBody(limit: number): Promise<Buffer>
  /**
   * The body as it arrives, chunk by chunk, for readers that stream (multipart, proxies). Throws a 413
   * `HTTPException` once it passes `limit` bytes (before reading anything when Content-Length says
   * so). Read it once, and not together with `readBody`.
   */
  bodyStream(limit: number): AsyncIterable<Buffer>
}
