import type { App } from '../../app.ts'
import type { RequestHandler } from '../../pipeline/pipeline.ts'
import { requestIdOf } from '../../pipeline/request-id.ts'
import type { Delivery } from '../../pipeline/sink.ts'
import { isV2, type LambdaContext, type LambdaEvent, type LambdaResult } from './events.ts'
import { LambdaRequest } from './request.ts'
import { bodyBytes, toLambdaResult } from './result.ts'

const STARTUP_FAILED: LambdaResult = {
  statusCode: 500,
  headers: { 'content-type': 'application/json' },
  multiValueHeaders: {},
  body: '{"detail":"Internal Server Error"}',
  isBase64Encoded: false,
}

/**
 * The app as an AWS Lambda handler, for API Gateway HTTP APIs and Lambda function URLs (payload 2.0)
 * and API Gateway REST APIs (payload 1.0), through the same pipeline as every other adapter. The first
 * invocation starts the app (lifespan, `startup: true` dependencies) when nobody did; teardown and
 * background tasks run before the invocation returns, since Lambda freezes the process afterwards.
 * Binary bodies travel base64 both ways.
 *
 * @example
 * import { lambdaHandler } from 'wharfjs/lambda'
 * import { app } from './app.ts'
 * export const handler = lambdaHandler(app)
 */
export function lambdaHandler(
  app: App<any, any>,
): (event: LambdaEvent, context?: LambdaContext) => Promise<LambdaResult> {
  let serve: RequestHandler | undefined
  return async (event, context) => {
    try {
      await app.ensureStarted()
    } catch (error) {
      app.log.error({ err: error }, 'The app failed to start; answering 500')
      return STARTUP_FAILED
    }
    serve ??= app.pipeline().handler({
      requestId: app.config.requestId ?? false,
      accessLog: app.config.accessLog ?? false,
    })
    const request = new LambdaRequest(event, context?.getRemainingTimeInMillis?.())
    // The client's sane X-Request-ID as everywhere, else API Gateway's own id rather than a new one.
    if (app.config.requestId) request.id = requestIdOf(request.headers, event.requestContext.requestId)
    const v2 = isV2(event)
    let afterWork: Promise<void> = Promise.resolve()
    const result = await new Promise<LambdaResult>((resolve) => {
      serve!(request, (response, watch) => {
        const reading = bodyBytes(response, request.method).then(
          (bytes) => ({ bytes, aborted: false }),
          (error: unknown) => {
            app.log.error({ err: error }, 'A streamed response failed; the body was cut')
            return { bytes: Buffer.alloc(0), aborted: true }
          },
        )
        const delivered = reading.then(({ bytes, aborted }): Delivery => {
          resolve(toLambdaResult(response, bytes, v2))
          return { status: response.status, bytes: bytes.length, aborted }
        })
        if (!watch) return undefined
        // Lambda freezes the process once the invocation returns: teardown and background tasks first.
        afterWork = delivered.then(() => app.settled())
        return delivered
      })
    })
    await afterWork
    return result
  }
}
