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
 * How far the pipeline needs to follow a response once it is handed to the adapter:
 * - `false`: not at all (nothing runs after the response);
 * - `'sent'`: until the whole body was handed to the transport (a complete body passed to the socket,
 *   or a stream's last chunk): where FastAPI runs `yield`-dependency teardown and background tasks,
 *   after its last `send()`. Without hooks or an access log, that is all the pipeline waits for;
 * - `'over'`: until the response is over, written or the client gone, with the status and byte
 *   count the client got: what `onResponse` hooks, the access log and the concurrency limit need.
 *
 * Waiting for 'over' costs a node:http response a `close` listener and two more turns; measured side
 * by side on `GET /`, watching every response to 'over' cost 6–13% of the server's CPU per request.
 */
export type Watch = false | 'sent' | 'over'

/**
 * The one thing an adapter gives the pipeline: how to write a response to its client. The pipeline
 * calls `send` exactly once per request. When `watch` is set, `send` returns a promise that resolves
 * at that point (see `Watch`; an adapter may resolve 'sent' as late as 'over'); the pipeline then
 * runs the after-response work (teardown, background tasks, hooks, access log) itself, so no adapter
 * can forget it. `send` must never reject.
 *
 * @example
 * pipeline.handle(view, (response, watch) => writeToSocket(response, watch))
 */
export type ResponseSink = (response: HTTPResponse, watch: Watch) => Promise<Delivery> | undefined
