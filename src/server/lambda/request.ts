import type { IncomingHttpHeaders } from 'node:http'
import { collectBody, limitBody } from '../../params/body.ts'
import type { RequestView } from '../../request.ts'
import { isV2, type LambdaEvent } from './events.ts'

/** The time kept back before Lambda's own deadline, so a cancelled handler can still answer. */
const DEADLINE_MARGIN_MS = 500

/**
 * The request view over an API Gateway or function-URL event: the same URL, headers and body a
 * socket would have carried. `signal` aborts shortly before Lambda's own timeout, so outbound calls
 * passed `ctx.signal` stop in time.
 */
export class LambdaRequest implements RequestView {
  readonly method: string
  readonly url: string
  readonly headers: IncomingHttpHeaders
  readonly scheme: string
  readonly remoteAddress: string | undefined
  readonly bodyPresent: boolean
  readonly signal: AbortSignal
  id: string | undefined = undefined
  private readonly payload: Buffer

  constructor(event: LambdaEvent, remainingMs: number | undefined) {
    const headers: IncomingHttpHeaders = {}
    if (isV2(event)) {
      for (const [name, value] of Object.entries(event.headers ?? {}))
        if (value !== undefined) headers[name.toLowerCase()] = value
      if (event.cookies?.length) headers.cookie = event.cookies.join('; ')
      this.method = event.requestContext.http.method.toUpperCase()
      this.url = event.rawPath + (event.rawQueryString ? `?${event.rawQueryString}` : '')
      this.remoteAddress = event.requestContext.http.sourceIp
    } else {
      for (const [name, value] of Object.entries(event.headers ?? {}))
        if (value !== undefined) headers[name.toLowerCase()] = value
      // Repeated headers are complete only in multiValueHeaders.
      for (const [name, values] of Object.entries(event.multiValueHeaders ?? {}))
        if (values?.length)
          headers[name.toLowerCase()] =
            name.toLowerCase() === 'cookie' ? values.join('; ') : values.join(', ')
      this.method = event.httpMethod.toUpperCase()
      this.url = event.path + queryOf(event)
      this.remoteAddress = event.requestContext.identity?.sourceIp
    }
    this.headers = headers
    this.scheme = typeof headers['x-forwarded-proto'] === 'string' ? headers['x-forwarded-proto'] : 'https'
    const body = event.body ?? ''
    this.payload = Buffer.from(body, event.isBase64Encoded ? 'base64' : 'utf8')
    this.bodyPresent = this.payload.length > 0
    this.signal =
      remainingMs === undefined
        ? new AbortController().signal
        : AbortSignal.timeout(Math.max(0, remainingMs - DEADLINE_MARGIN_MS))
  }

  readBody(limit: number): Promise<Buffer> {
    return collectBody([this.payload], undefined, limit)
  }

  bodyStream(limit: number): AsyncIterable<Buffer> {
    return limitBody([this.payload], undefined, limit)
  }
}

/** The query string of a 1.0 event, rebuilt from its multi-value parameters (they keep repeats). */
function queryOf(event: Exclude<LambdaEvent, { version: '2.0' }>): string {
  const params = new URLSearchParams()
  const multi = event.multiValueQueryStringParameters
  if (multi) {
    for (const [name, values] of Object.entries(multi))
      for (const value of values ?? []) params.append(name, value)
  } else {
    for (const [name, value] of Object.entries(event.queryStringParameters ?? {}))
      if (value !== undefined) params.append(name, value)
  }
  const text = params.toString()
  return text ? `?${text}` : ''
}
