/** Header values as Wharf carries them: lower-case names, repeated headers (set-cookie) as arrays. */
export type HeaderMap = Record<string, string | string[]>

/**
 * A file to send; the server streams it and fills in length, type and validators. Made by `file()`.
 *
 * @example
 * app.get('/logo', () => new HTTPResponse(200, {}, new FileBody('./logo.png', undefined)))
 */
export class FileBody {
  constructor(
    readonly path: string,
    readonly filename: string | undefined,
    /** Set once the file was found (inside the middleware chain); then only the stream remains to open. */
    readonly size?: number,
    /** `file()`'s `root`: `path` is relative to it and must stay inside, else 404. */
    readonly root?: string,
  ) {}
}

/** What a response carries: nothing, bytes, text, a stream of chunks, or a file. */
export type ResponseBody = null | string | Uint8Array | AsyncIterable<string | Uint8Array> | FileBody

/**
 * The response description every layer passes around: handlers may return one (it then bypasses the
 * response schema, as a returned `Response` does in FastAPI), middleware may change or replace it, and
 * the adapters (node:http, fetch, TestClient) write it.
 *
 * @example
 * app.get('/teapot', () => new HTTPResponse(418, { 'x-brew': 'no' }, 'I am a teapot'))
 */
export class HTTPResponse {
  /**
   * Set by the app when work waits for this response to be sent (dependency teardown, background
   * tasks). Adapters call it once the body is out or the client went away.
   */
  afterSend: (() => void) | undefined = undefined

  constructor(
    public status: number,
    public headers: HeaderMap,
    public body: ResponseBody,
  ) {}
}

/** Options shared by the response helpers. */
export interface ResponseOptions {
  status?: number
  headers?: HeaderMap
}

const withType = (type: string, headers: HeaderMap | undefined): HeaderMap => ({
  'content-type': type,
  ...headers,
})

/**
 * A JSON response, bypassing any response schema.
 *
 * @example
 * app.post('/items', async () => json({ id: 1 }, { status: 201, headers: { location: '/items/1' } }))
 */
export function json(value: unknown, options: ResponseOptions = {}): HTTPResponse {
  return new HTTPResponse(
    options.status ?? 200,
    withType('application/json', options.headers),
    JSON.stringify(value) ?? 'null',
  )
}

/**
 * An HTML page (`text/html; charset=utf-8`).
 *
 * @example
 * app.get('/', () => html('<h1>Hello</h1>'))
 */
export function html(content: string, options: ResponseOptions = {}): HTTPResponse {
  return new HTTPResponse(
    options.status ?? 200,
    withType('text/html; charset=utf-8', options.headers),
    content,
  )
}

/**
 * Plain text (`text/plain; charset=utf-8`).
 *
 * @example
 * app.get('/health', () => text('ok'))
 */
export function text(content: string, options: ResponseOptions = {}): HTTPResponse {
  return new HTTPResponse(
    options.status ?? 200,
    withType('text/plain; charset=utf-8', options.headers),
    content,
  )
}

/**
 * A redirect, 307 by default (FastAPI's `RedirectResponse`); `location` is sent as given.
 *
 * @example
 * app.get('/old', () => redirect('/new', 308))
 */
export function redirect(
  location: string,
  status = 307,
  options: Omit<ResponseOptions, 'status'> = {},
): HTTPResponse {
  return new HTTPResponse(status, { ...options.headers, location }, null)
}

/** Options of `stream()`. */
export interface StreamOptions extends ResponseOptions {
  /** The content type; text types get `; charset=utf-8`. Default `application/octet-stream`. */
  mediaType?: string
}

/**
 * A streamed (chunked) response from any AsyncIterable, async generators included. Chunks are written
 * as they are produced; the stream is stopped (its `return()` called) if the client goes away.
 *
 * @example
 * app.get('/count', () => stream((async function* () { for (let i = 0; i < 3; i++) yield `${i}\n` })(),
 *   { mediaType: 'text/plain' }))
 */
export function stream(
  source: AsyncIterable<string | Uint8Array>,
  options: StreamOptions = {},
): HTTPResponse {
  const mediaType = options.mediaType ?? 'application/octet-stream'
  const type =
    mediaType.startsWith('text/') && !mediaType.includes('charset')
      ? `${mediaType}; charset=utf-8`
      : mediaType
  return new HTTPResponse(options.status ?? 200, withType(type, options.headers), source)
}

/**
 * JSON Lines (`application/jsonl`): one JSON value per line, each sent as soon as it is produced.
 *
 * @example
 * app.get('/rows', () => jsonl((async function* () { yield { n: 1 }; yield { n: 2 } })()))
 */
export function jsonl(source: AsyncIterable<unknown>, options: ResponseOptions = {}): HTTPResponse {
  return stream(
    mapIterable(source, (item) => `${JSON.stringify(item)}\n`),
    {
      ...options,
      mediaType: 'application/jsonl',
    },
  )
}

/** One Server-Sent Event; a plain value is sent as `data:` (JSON unless a string). */
export interface ServerSentEvent {
  data?: unknown
  event?: string
  id?: string
  retry?: number
  comment?: string
}

function formatEvent(event: ServerSentEvent): string {
  let out = ''
  if (event.comment !== undefined) out += `: ${event.comment}\n`
  if (event.event !== undefined) out += `event: ${event.event}\n`
  if (event.id !== undefined) out += `id: ${event.id}\n`
  if (event.retry !== undefined) out += `retry: ${event.retry}\n`
  if (event.data !== undefined) {
    const data = typeof event.data === 'string' ? event.data : JSON.stringify(event.data)
    for (const line of data.split('\n')) out += `data: ${line}\n`
  }
  return `${out}\n`
}

/**
 * Server-Sent Events (`text/event-stream`, no caching, no proxy buffering), from an AsyncIterable of
 * events or plain values.
 *
 * @example
 * app.get('/ticks', () => sse((async function* () { yield { event: 'tick', data: { n: 1 } } })()))
 */
export function sse(
  source: AsyncIterable<ServerSentEvent | unknown>,
  options: ResponseOptions = {},
): HTTPResponse {
  const isEvent = (value: unknown): value is ServerSentEvent =>
    typeof value === 'object' &&
    value !== null &&
    ['data', 'event', 'id', 'retry', 'comment'].some((key) => Object.hasOwn(value, key))
  const events = mapIterable(source, (item) => formatEvent(isEvent(item) ? item : { data: item }))
  return stream(events, {
    ...options,
    mediaType: 'text/event-stream',
    headers: { 'cache-control': 'no-cache', 'x-accel-buffering': 'no', ...options.headers },
  })
}

/**
 * A file from disk, streamed, with `content-length`, `last-modified`, `etag` and a content type
 * guessed from the extension; `filename` adds `content-disposition: attachment`. A missing file is a 404.
 * With `root`, `path` is relative to it and must stay inside (no `..`, NUL, backslash or dotfile, no
 * symbolic link leading out), else 404: use it whenever the path comes from the request.
 *
 * @example
 * app.get('/report', () => file('./report.pdf', { filename: 'report.pdf' }))
 * app.get('/files/{name}', ({ path }) => file(path.name, { root: './public' }))
 */
export function file(
  path: string,
  options: ResponseOptions & { filename?: string; mediaType?: string; root?: string } = {},
) {
  const headers: HeaderMap = { ...options.headers }
  if (options.mediaType) headers['content-type'] = options.mediaType
  const body = new FileBody(path, options.filename, undefined, options.root)
  return new HTTPResponse(options.status ?? 200, headers, body)
}

async function* mapIterable<T>(source: AsyncIterable<T>, map: (item: T) => string): AsyncGenerator<string> {
  for await (const item of source) yield map(item)
}

/** True when a body must not be sent for this status (1xx, 204, 304). */
export function isBodylessStatus(status: number): boolean {
  return status < 200 || status === 204 || status === 304
}
