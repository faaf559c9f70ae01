/**
 * The WebSocket close codes Wharf uses (RFC 6455 §7.4.1), by meaning.
 *
 * @example
 * await ctx.ws.close(CloseCode.policyViolation, 'Not allowed')
 */
export const CloseCode = {
  /** The conversation is over; the default of `close()`. */
  normal: 1000,
  /** The server is shutting down (or the client navigated away). */
  goingAway: 1001,
  /** No close frame was received: the connection dropped. Never sent, only reported. */
  abnormal: 1006,
  /** The request's parameters did not validate (FastAPI's `WS_1008_POLICY_VIOLATION`). */
  policyViolation: 1008,
  /** A message was larger than the route's `maxMessageSize`. */
  messageTooBig: 1009,
  /** The handler threw: the server cannot go on. */
  internalError: 1011,
} as const
