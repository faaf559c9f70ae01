import type { HTTPResponse } from '../response.ts'

/** What an adapter reports when a response is over. */
export interface Delivery {
  /** The status that went out. */
  status: number
  /** Body bytes written. */
  bytes: number
  /** True when the client went away before the whole response was written. */
  aborted: boolean
}

/**
 * The one thing an adapter gives the pipeline: how to write a response to its client. The pipeline
 * calls `send` exactly once per request. When `watch` is true, `send` returns a promise that resolves
 * once the response is over (written, or the client gone); the pipeline then runs the after-response
 * work (teardown, background tasks, hooks, access log) itself, so no adapter can forget it. `send`
 * must never reject.
 *
 * @example
 * pipeline.handle(view, (response, watch) => writeToSocket(response, watch))
 */
export type ResponseSink = (response: HTTPResponse, watch: boolean) => Promise<Delivery> | undefined
