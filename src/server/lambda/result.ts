import type { HTTPResponse } from '../../response.ts'
import { isBodylessStatus } from '../../response.ts'
import type { LambdaResult } from './events.ts'

/** Content types sent as text; everything else is base64, as API Gateway expects binary bodies. */
const TEXTUAL =
  /^(text\/|application\/(json|[\w.+-]+\+json|xml|[\w.+-]+\+xml|javascript|x-www-form-urlencoded))/i

/** The whole body of a response: Lambda's buffered invocations answer in one piece. */
export async function bodyBytes(response: HTTPResponse, method: string): Promise<Buffer> {
  const { body, status } = response
  if (body === null || method === 'HEAD' || isBodylessStatus(status)) {
    if (body !== null && typeof body === 'object' && Symbol.asyncIterator in body)
      await (body as AsyncIterable<unknown>)[Symbol.asyncIterator]().return?.()
    return Buffer.alloc(0)
  }
  if (typeof body === 'string') return Buffer.from(body)
  if (body instanceof Uint8Array) return Buffer.from(body.buffer, body.byteOffset, body.byteLength)
  const chunks: Buffer[] = []
  for await (const chunk of body as AsyncIterable<string | Uint8Array>) chunks.push(Buffer.from(chunk))
  return Buffer.concat(chunks)
}

/**
 * The response as API Gateway and function URLs expect it: 2.0 takes cookies in `cookies` and other
 * repeated headers joined; 1.0 takes repeated headers (set-cookie) in `multiValueHeaders`.
 */
export function toLambdaResult(response: HTTPResponse, bytes: Buffer, v2: boolean): LambdaResult {
  const contentType = response.headers['content-type']
  const textual = bytes.length === 0 || (typeof contentType === 'string' && TEXTUAL.test(contentType))
  const body = textual ? bytes.toString('utf8') : bytes.toString('base64')
  const headers: Record<string, string> = {}
  const multiValueHeaders: Record<string, string[]> = {}
  let cookies: string[] | undefined
  for (const [name, value] of Object.entries(response.headers)) {
    const key = name.toLowerCase()
    const values = Array.isArray(value) ? value : [value]
    if (v2 && key === 'set-cookie') cookies = values
    else if (!v2 && values.length > 1) multiValueHeaders[key] = values
    else headers[key] = values.join(', ')
  }
  if (v2)
    return {
      statusCode: response.status,
      headers,
      ...(cookies ? { cookies } : {}),
      body,
      isBase64Encoded: !textual,
    }
  return { statusCode: response.status, headers, multiValueHeaders, body, isBase64Encoded: !textual }
}
