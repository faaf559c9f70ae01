import type { Context } from '../context.ts'
import { HTTPException, RequestValidationError } from '../errors.ts'
import type { Exchange } from '../exchange.ts'
import { CloseCode } from './close-codes.ts'
import { validationReason } from './close-reason.ts'
import { WebSocketDisconnect } from './errors.ts'
import type { WebSocketMatch } from './routes.ts'
import type { WebSocket } from './socket.ts'

/**
 * Runs one connection from handshake to teardown: validation and dependencies (through the route's
 * plan), the handler, then FastAPI's ending for whatever happened. Never rejects: a failing handler
 * closes its own connection (1011) and is logged, the process goes on.
 */
export async function runSession(match: WebSocketMatch, exchange: Exchange, ws: WebSocket): Promise<void> {
  const { ctx } = exchange
  try {
    await match.plan.run(exchange, match.params)
  } catch (error) {
    await endWithError(error, ctx, ws)
  }
  // A handler that returns without accepting refuses the client (403); one that leaves it open closes it.
  await ws.close().catch((error) => ctx.log.error({ err: error }, 'Closing the WebSocket failed'))
  // Request-scoped dependencies are torn down now that the connection is over.
  await exchange
    .runAfterResponse()
    .catch((error) => ctx.log.error({ err: error }, 'Work after the WebSocket failed'))
}

async function endWithError(error: unknown, ctx: Context, ws: WebSocket): Promise<void> {
  try {
    if (error instanceof WebSocketDisconnect) return
    if (error instanceof RequestValidationError) {
      // As in FastAPI: the connection opens, then closes with 1008 and the problems as reason.
      if (ws.state === 'connecting') await ws.accept()
      await ws.close(CloseCode.policyViolation, validationReason(error.issues))
      return
    }
    if (error instanceof HTTPException && ws.state === 'connecting') {
      ws.deny(error.status, error.detail, error.headers)
      return
    }
    ctx.log.error({ err: error, route: ctx.route }, 'WebSocket handler failed')
    if (ws.state === 'connecting') ws.deny(500)
    else await ws.close(CloseCode.internalError, 'Internal Server Error')
  } catch (ending) {
    // The client left while we were closing (accept() throws a 1006 disconnect): nothing to tell it.
    if (!(ending instanceof WebSocketDisconnect))
      ctx.log.error({ err: ending }, 'Ending the WebSocket failed')
  }
}
