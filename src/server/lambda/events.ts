/**
 * The shapes of the AWS Lambda events Wharf answers, as AWS documents them: API Gateway HTTP APIs and
 * Lambda function URLs send payload format 2.0; API Gateway REST APIs send 1.0. Only the fields Wharf
 * reads are declared.
 */

/** Payload format 2.0: API Gateway HTTP APIs and Lambda function URLs. */
export interface LambdaEventV2 {
  version: '2.0'
  rawPath: string
  rawQueryString: string
  /** Cookies arrive here, not in `headers`. */
  cookies?: string[]
  /** Lower-case names; repeated headers joined with commas. */
  headers?: Record<string, string | undefined>
  requestContext: {
    requestId: string
    http: { method: string; path: string; sourceIp?: string }
  }
  body?: string
  isBase64Encoded: boolean
}

/** Payload format 1.0: API Gateway REST APIs. */
export interface LambdaEventV1 {
  version?: '1.0'
  httpMethod: string
  /** The resource path, without the stage. */
  path: string
  headers?: Record<string, string | undefined> | null
  multiValueHeaders?: Record<string, string[] | undefined> | null
  queryStringParameters?: Record<string, string | undefined> | null
  multiValueQueryStringParameters?: Record<string, string[] | undefined> | null
  requestContext: { requestId: string; identity?: { sourceIp?: string } }
  body?: string | null
  isBase64Encoded: boolean
}

export type LambdaEvent = LambdaEventV1 | LambdaEventV2

/** The answer for payload format 2.0. */
export interface LambdaResultV2 {
  statusCode: number
  headers: Record<string, string>
  cookies?: string[]
  body: string
  isBase64Encoded: boolean
}

/** The answer for payload format 1.0. */
export interface LambdaResultV1 {
  statusCode: number
  headers: Record<string, string>
  multiValueHeaders: Record<string, string[]>
  body: string
  isBase64Encoded: boolean
}

export type LambdaResult = LambdaResultV1 | LambdaResultV2

/** The parts of Lambda's context object Wharf uses. */
export interface LambdaContext {
  awsRequestId?: string
  /** Milliseconds left before Lambda stops the invocation. */
  getRemainingTimeInMillis?(): number
}

export function isV2(event: LambdaEvent): event is LambdaEventV2 {
  return (event as LambdaEventV2).version === '2.0'
}
