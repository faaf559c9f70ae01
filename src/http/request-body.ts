import { Readable } from 'node:stream'
import type { RequestOptions } from './options.ts'
import { encodeQuery } from './target.ts'

/** A request body ready for undici, with the content type it implies. */
export interface EncodedBody {
  body: string | Uint8Array | Readable | undefined
  contentType: string | undefined
  /** Whether the body can be sent again by a retry (a stream is consumed by the first attempt). */
  replayable: boolean
}

const NO_BODY: EncodedBody = { body: undefined, contentType: undefined, replayable: true }

/**
 * A `FormData` as multipart bytes with its boundary, through the runtime's own `Response`: undici's
 * dispatcher only takes its own `FormData` class, and users hold the global one. Buffering also makes
 * the body replayable for retries.
 */
async function encodeMultipart(form: FormData): Promise<EncodedBody> {
  const encoded = new Response(form)
  const body = new Uint8Array(await encoded.arrayBuffer())
  return { body, contentType: encoded.headers.get('content-type') ?? undefined, replayable: true }
}

/** Encodes `json`, `form` or `body` (at most one of them); only multipart needs to wait. */
export function encodeBody(options: RequestOptions): EncodedBody | Promise<EncodedBody> {
  const given =
    Number(options.json !== undefined) +
    Number(options.form !== undefined) +
    Number(options.body !== undefined)
  if (given === 0) return NO_BODY
  if (given > 1) throw new TypeError('HttpClient: give only one of json, form and body')
  if (options.json !== undefined)
    return { body: JSON.stringify(options.json), contentType: 'application/json', replayable: true }
  if (options.form !== undefined) {
    if (options.form instanceof FormData) return encodeMultipart(options.form)
    return {
      body: encodeQuery(options.form),
      contentType: 'application/x-www-form-urlencoded',
      replayable: true,
    }
  }
  const body = options.body!
  if (body instanceof FormData) return encodeMultipart(body)
  if (typeof body === 'string' || body instanceof Uint8Array)
    return { body, contentType: undefined, replayable: true }
  if (body instanceof Readable) return { body, contentType: undefined, replayable: false }
  return { body: Readable.from(body), contentType: undefined, replayable: false }
}
