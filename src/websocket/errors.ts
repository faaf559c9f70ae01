/**
 * The client went away (or the connection was closed): thrown by `receive*()` and `send*()` once the
 * socket is closed, like FastAPI's `WebSocketDisconnect`. A handler may let it escape: that is a normal
 * end, not logged.
 *
 * @example
 * try {
 *   for (;;) await ctx.ws.sendText(await ctx.ws.receiveText())
 * } catch (error) {
 *   if (!(error instanceof WebSocketDisconnect)) throw error
 *   ctx.log.info({ code: error.code }, 'client left')
 * }
 */
export class WebSocketDisconnect extends Error {
  /** The close code: the client's, the server's own when it closed first, 1006 when the connection dropped. */
  readonly code: number
  readonly reason: string

  constructor(code: number, reason = '') {
    super(`WebSocket closed with code ${code}${reason ? `: ${reason}` : ''}`)
    this.name = 'WebSocketDisconnect'
    this.code = code
    this.reason = reason
  }
}
