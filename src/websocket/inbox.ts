import type { WebSocketDisconnect } from './errors.ts'

/** One received message: text frames arrive as UTF-8 bytes with `binary: false`. */
export interface Message {
  data: Buffer
  binary: boolean
}

/** What the inbox can ask of the connection when the handler reads slower than the client sends. */
export interface FlowControl {
  pause(): void
  resume(): void
}

interface Waiter {
  resolve: (message: Message) => void
  reject: (error: WebSocketDisconnect) => void
}

/** Messages kept before reading from the socket pauses (TCP backpressure then slows the client). */
const HIGH_WATER = 16

/**
 * Received messages waiting for the handler's `receive*()`. When too many wait, the socket is paused
 * so a fast client cannot fill the server's memory; once the connection ends, every pending and later
 * `next()` rejects with the disconnect.
 */
export class Inbox {
  private readonly queue: Message[] = []
  private readonly waiters: Waiter[] = []
  private ended: WebSocketDisconnect | undefined
  private paused = false

  constructor(private readonly flow: FlowControl) {}

  push(message: Message): void {
    const waiter = this.waiters.shift()
    if (waiter) {
      waiter.resolve(message)
      return
    }
    this.queue.push(message)
    if (this.queue.length >= HIGH_WATER && !this.paused) {
      this.paused = true
      this.flow.pause()
    }
  }

  /** The connection is over: readers get `disconnect` once the messages already received are read. */
  end(disconnect: WebSocketDisconnect): void {
    if (this.ended) return
    this.ended = disconnect
    for (const waiter of this.waiters.splice(0)) waiter.reject(disconnect)
  }

  next(): Promise<Message> {
    const message = this.queue.shift()
    if (message) {
      if (this.paused && this.queue.length < HIGH_WATER / 2) {
        this.paused = false
        this.flow.resume()
      }
      return Promise.resolve(message)
    }
    if (this.ended) return Promise.reject(this.ended)
    return new Promise((resolve, reject) => this.waiters.push({ resolve, reject }))
  }
}
