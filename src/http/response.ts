import secureJson from 'secure-json-parse'
import { stream } from '../response.ts'
import { HTTPStatusError, InvalidResponseError } from './errors.ts'

/**
 * Response headers: lower-case names; repeated headers (`set-cookie`) as arrays.
 *
 * @example
 * const type = res.headers['content-type']
 */
export type ResponseHeaders = Record<string, string | string[] | undefined>

function parseJson(text: string, method: string, url: string): any {
  try {
    // Prototype-poisoning-safe, as for request bodies: an upstream is input too.
    return secureJson.parse(text, undefined, { protoAction: 'remove', constructorAction: 'remove' })
  } catch (error) {
    throw new InvalidResponseError(method, url, 'the response body is not valid JSON', { cause: error })
  }
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
  toResponse(options: { status?: number; headers?: Record<string, string> } = {}) {
    const type = this.headers['content-type']
    // The upstream's content type exactly as sent (stream() would add a charset to text types).
    const headers = typeof type === 'string' ? { 'content-type': type, ...options.headers } : options.headers
    return stream(this.body, { status: options.status ?? this.status, ...(headers ? { headers } : {}) })
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
