import secureJson from 'secure-json-parse'
import { type HeaderMap, HTTPResponse, stream } from '../response.ts'
import { HTTPStatusError, InvalidResponseError } from './errors.ts'

/**
 * Response headers: lower-case names; repeated headers (`set-cookie`) as arrays.
 *
 * @example
 * const type = res.headers['content-type']
 */
export type ResponseHeaders = Record<string, string | string[] | undefined>

/** Prototype-poisoning-safe, as for request bodies: an upstream is input too. */
const SAFE_JSON = { protoAction: 'remove', constructorAction: 'remove' } as const

function parseJson(text: string, method: string, url: string): any {
  try {
    return secureJson.parse(text, undefined, SAFE_JSON)
  } catch (error) {
    throw new InvalidResponseError(method, url, 'the response body is not valid JSON', { cause: error })
  }
}

/** Options of `toResponse()`: the status and extra headers of the response sent to the client. */
export interface ForwardOptions {
  /** Default: the upstream's status. */
  status?: number
  /** Added to (and overriding) the forwarded headers. */
  headers?: Record<string, string>
}

/**
 * The upstream headers that describe the bytes being forwarded, exactly as sent: `content-type` (with
 * its charset, if any; `application/octet-stream` when there is none, so that no browser sniffs) and
 * `content-encoding` (a compressed body forwarded without it would be garbage).
 */
function describingHeaders(upstream: ResponseHeaders, extra: Record<string, string> | undefined): HeaderMap {
  const type = upstream['content-type']
  const headers: HeaderMap = { 'content-type': typeof type === 'string' ? type : 'application/octet-stream' }
  const encoding = upstream['content-encoding']
  if (typeof encoding === 'string') headers['content-encoding'] = encoding
  return extra ? Object.assign(headers, extra) : headers
}

/**
 * A complete response: status, headers and the whole body, already read (within `maxResponseSize`),
 * so the connection is back in the pool before the handler looks at it, whatever it does next.
 *
 * @example
 * const res = await http.get('https://example.org/data', { signal })
 * if (res.status !== 200) throw new HTTPException(res.status, 'Failed to fetch data')
 * return res.json()
 */
export class ClientResponse {
  constructor(
    readonly status: number,
    readonly headers: ResponseHeaders,
    /** The raw body. */
    readonly body: Buffer,
    /** The upper-case method of the call that produced it. */
    readonly method: string,
    /** The URL that was called (query included). */
    readonly url: string,
  ) {}

  /** True for 2xx. */
  get ok(): boolean {
    return this.status >= 200 && this.status < 300
  }

  /** The body as UTF-8 text. */
  text(): string {
    return this.body.toString('utf8')
  }

  /**
   * The body parsed as JSON (`__proto__` keys dropped); `InvalidResponseError` (502 if unhandled) when it
   * is not JSON.
   */
  json<T = any>(): T {
    return parseJson(this.text(), this.method, this.url)
  }

  /**
   * A Wharf response that sends this body to the client byte for byte, with the upstream's status and
   * content type: for a route that returns the upstream's answer unchanged, it skips parsing the JSON
   * and serialising it again. Nothing checks that the body is valid JSON (use `json()` to look inside).
   *
   * @example
   * app.get('/weather', async ({ signal }) => {
   *   const res = await http.get('/forecast', { signal })
   *   if (res.status !== 200) throw new HTTPException(502, 'Failed to fetch data')
   *   return res.toResponse()
   * })
   */
  toResponse(options: ForwardOptions = {}): HTTPResponse {
    return new HTTPResponse(
      options.status ?? this.status,
      describingHeaders(this.headers, options.headers),
      this.body,
    )
  }

  /**
   * Throws `HTTPStatusError` for a 4xx or 5xx response; returns the response otherwise, for chaining.
   *
   * @example
   * const user = (await http.get(`/users/${id}`)).raiseForStatus().json()
   */
  raiseForStatus(): this {
    if (this.status >= 400) throw new HTTPStatusError(this.method, this.url, this)
    return this
  }
}

/**
 * A response whose body has not been read: iterate `body` (chunks arrive as the upstream sends them,
 * still within `maxResponseSize`), read it whole with `bytes()`/`text()`/`json()`, forward it with
 * `toResponse()`, or `cancel()` it. A body left unread holds its connection until cancelled, so use
 * `await using`, or make sure one of those happens.
 *
 * @example
 * app.get('/download', async ({ signal }) => {
 *   const upstream = await http.stream('GET', '/big-file', { signal })
 *   return upstream.toResponse() // streamed through, never buffered
 * })
 */
export class ClientStreamResponse {
  private consumed = false

  constructor(
    readonly status: number,
    readonly headers: ResponseHeaders,
    private readonly chunks: AsyncGenerator<Uint8Array, void, undefined>,
    /** Destroys the unread body and releases the call; idempotent. Needed because `return()` on a
     * generator that never started skips its `finally`. */
    private readonly release: () => void,
    readonly method: string,
    readonly url: string,
  ) {}

  /** True for 2xx. */
  get ok(): boolean {
    return this.status >= 200 && this.status < 300
  }

  /** The body's chunks; it can be iterated once. */
  get body(): AsyncIterable<Uint8Array> {
    if (this.consumed) throw new TypeError('ClientStreamResponse: the body was already read')
    this.consumed = true
    return this.chunks
  }

  /** Reads the whole body. */
  async bytes(): Promise<Buffer> {
    const parts: Uint8Array[] = []
    for await (const chunk of this.body) parts.push(chunk)
    return Buffer.concat(parts)
  }

  /** Reads the whole body as UTF-8 text. */
  async text(): Promise<string> {
    return (await this.bytes()).toString('utf8')
  }

  /** Reads the whole body as JSON; `InvalidResponseError` when it is not JSON. */
  async json<T = any>(): Promise<T> {
    return parseJson(await this.text(), this.method, this.url)
  }

  /**
   * A Wharf response that streams this body through to the client with the upstream's status and
   * content type, without buffering; if the client goes away, the upstream transfer is stopped.
   */
  toResponse(options: ForwardOptions = {}): HTTPResponse {
    // The upstream's content type exactly as sent (stream()'s mediaType would add a charset to text types).
    const headers = describingHeaders(this.headers, options.headers)
    return stream(this.body, { status: options.status ?? this.status, headers })
  }

  /** Stops reading and closes the connection (a no-op once the body was read to its end). */
  async cancel(): Promise<void> {
    this.consumed = true
    await this.chunks.return()
    this.release()
  }

  async [Symbol.asyncDispose](): Promise<void> {
    await this.cancel()
  }
}
