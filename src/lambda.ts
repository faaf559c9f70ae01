/**
 * `wharfjs/lambda`: the app as an AWS Lambda handler, for API Gateway HTTP APIs, Lambda function URLs
 * (payload format 2.0) and API Gateway REST APIs (1.0), through the same request pipeline as node:http.
 *
 * @example
 * import { lambdaHandler } from 'wharfjs/lambda'
 * import { app } from './app.ts'
 * export const handler = lambdaHandler(app)
 * @see docs/deploy.md
 * @module
 */
export type {
  LambdaContext,
  LambdaEvent,
  LambdaEventV1,
  LambdaEventV2,
  LambdaResult,
  LambdaResultV1,
  LambdaResultV2,
} from './server/lambda/events.ts'
export { lambdaHandler } from './server/lambda/handler.ts'
