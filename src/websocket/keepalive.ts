import type { WebSocket as RawSocket } from 'ws'

/**
 * Pings the peer every `interval` ms and drops the connection when a ping went unanswered for a whole
 * interval (a peer that vanished without a FIN would otherwise hold the socket forever). Browsers and
 * `ws` clients answer pings by themselves. Returns the function that stops it.
 */
export function keepAlive(raw: RawSocket, interval: number): () => void {
  if (interval <= 0) return () => {}
  let answered = true
  const onPong = () => {
    answered = true
  }
  raw.on('pong', onPong)
  const timer = setInterval(() => {
    if (!answered) {
      raw.terminate()
      return
    }
    answered = false
    raw.ping()
  }, interval)
  // A quiet connection must not keep the process alive on its own.
  timer.unref()
  return () => {
    clearInterval(timer)
    raw.off('pong', onPong)
  }
}
