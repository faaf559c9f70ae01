import type { DepsRecord, HandlerContext, RouteOptions } from '../route/types.ts'
import type { WebSocket } from './socket.ts'

/** What a WebSocket route can declare: the handshake request's parameters, dependencies, limits. */
export interface WebSocketRouteOptions
  extends Pick<RouteOptions, 'path' | 'query' | 'headers' | 'cookies' | 'deps' | 'tags'> {
  /**
   * Largest accepted message, in bytes; a larger one closes the connection with 1009. Default 16 MiB
   * (uvicorn's `--ws-max-size`).
   */
  maxMessageSize?: number
  /**
   * Ping the client every this many ms, and drop the connection when a ping went unanswered for as
   * long. Default 20000 (uvicorn's `--ws-ping-interval`); 0 turns it off.
   */
  pingInterval?: number
}

/** The context a WebSocket handler receives: typed parameters and dependencies, and the socket. */
export type WebSocketHandlerContext<
  P extends string,
  O extends WebSocketRouteOptions,
  D extends DepsRecord = {},
> = Omit<HandlerContext<P, O, D>, 'body' | 'response' | 'responseDraft'> & {
  /** The connection: `accept()` it, then `receive*()` and `send*()`. */
  ws: WebSocket
}

/** A WebSocket handler: runs for the whole connection; returning closes it (1000) if still open. */
export type WebSocketHandler<P extends string, O extends WebSocketRouteOptions, D extends DepsRecord = {}> = (
  ctx: WebSocketHandlerContext<P, O, D>,
) => unknown

/** The signature of `websocket()` on apps and routers. */
export type WebSocketMethod<D extends DepsRecord, Self> = {
  <const P extends string, const O extends WebSocketRouteOptions>(
    path: P,
    options: O,
    handler: WebSocketHandler<P, O, D>,
  ): Self
  <const P extends string>(path: P, handler: WebSocketHandler<P, {}, D>): Self
}
