/**
 * Wharf: a FastAPI-style web framework for TypeScript on Node.js.
 *
 * @example
 * import { App, HTTPException, t } from 'wharfjs'
 * const app = new App()
 * app.get('/items/{id}', { path: { id: t.Integer() } }, ({ path }) => ({ id: path.id }))
 * @module
 */
export type { Static, TSchema } from 'typebox'
export { Type as t } from 'typebox'
export { App, type AppOptions } from './app.ts'
export { BackgroundTasks } from './background.ts'
export { Context, type ResponseDraft } from './context.ts'
export {
  Dependency,
  type DependencyContext,
  type DependencyOpenAPI,
  type DependencyParams,
  type DependencyScope,
  Depends,
  type DependsOptions,
  type DepsValues,
  type Provided,
} from './di/depends.ts'
export type { DependencyOverride } from './di/runtime.ts'
export {
  errorCodes,
  HTTPException,
  RequestValidationError,
  ResponseValidationError,
  statusText,
  type UpstreamFault,
  upstreamFault,
  WharfError,
  type WharfErrorCode,
} from './errors.ts'
export type { ErrorFormat, ExceptionHandler } from './exception-handlers.ts'
export { type CompressionOptions, compression } from './middleware/compression.ts'
export { type CORSOptions, cors } from './middleware/cors.ts'
export { httpsRedirect } from './middleware/https-redirect.ts'
export { type TrustedHostOptions, trustedHost } from './middleware/trusted-host.ts'
export type { OpenAPIOptions } from './openapi/options.ts'
export type {
  OpenAPIDocument,
  OperationObject,
  ParameterObject,
  RequestBodyObject,
  ResponseObject,
  SchemaObject,
  ServerObject,
  TagObject,
} from './openapi/types.ts'
export { FileBytes, type FileFieldOptions, FileUpload } from './params/multipart/file-schema.ts'
export { type MultipartForm, readMultipartForm } from './params/multipart/form.ts'
export { DEFAULT_MULTIPART_LIMITS, type MultipartLimits } from './params/multipart/limits.ts'
export { type FieldPart, type FilePart, type MultipartPart, readParts } from './params/multipart/parts.ts'
export { SpoolFiles } from './params/multipart/spool.ts'
export { UploadFile } from './params/multipart/upload-file.ts'
export type { RequestHooks, ResponseSent } from './pipeline/hooks.ts'
export type { Middleware, Next } from './pipeline/middleware.ts'
export type { Pipeline, RequestHandler, ServeOptions } from './pipeline/pipeline.ts'
export type { Delivery, ResponseSink } from './pipeline/sink.ts'
export type { RequestView } from './request.ts'
export {
  FileBody,
  file,
  type HeaderMap,
  HTTPResponse,
  html,
  json,
  jsonl,
  type ResponseBody,
  type ResponseOptions,
  redirect,
  type ServerSentEvent,
  type StreamOptions,
  sse,
  stream,
  text,
} from './response.ts'
export { jsonable as jsonableEncoder } from './route/jsonable.ts'
export type { ResponseShaping } from './route/shape.ts'
export type {
  DepsRecord,
  Handler,
  HandlerContext,
  HandlerResult,
  PathParams,
  RequestParams,
  ResponseDoc,
  RouteDefinition,
  RouteOptions,
} from './route/types.ts'
export { type IncludeOptions, type Lifespan, type RouteMethod, Router, type RouterOptions } from './router.ts'
export type { ValidationIssue } from './schema/issues.ts'
export { Nullable } from './schema/nullable.ts'
export type { StandardJSONSchemaV1, StandardSchemaV1 } from './schema/standard.ts'
export type { AnySchema, FieldSchemas, Infer, InferFields, InferInput } from './schema/types.ts'
export { fetchHandler, toWebResponse } from './server/fetch.ts'
export { type ListenOptions, nodeHandler, type RunningServer } from './server/node.ts'
export { StaticFiles, type StaticFilesOptions } from './static/static-files.ts'
export { CloseCode } from './websocket/close-codes.ts'
export { WebSocketDisconnect } from './websocket/errors.ts'
export { WebSocket, type WebSocketState } from './websocket/socket.ts'
export type {
  WebSocketHandler,
  WebSocketHandlerContext,
  WebSocketMethod,
  WebSocketRouteOptions,
} from './websocket/types.ts'
