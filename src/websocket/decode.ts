import secureJson from 'secure-json-parse'
import type { Message } from './inbox.ts'

/** A text frame's content; a binary frame where text was expected is the caller's mistake. */
export function textOf(message: Message): string {
  if (message.binary) throw new TypeError('Expected a text message, received a binary one')
  return message.data.toString('utf8')
}

/** A binary frame's content. */
export function bytesOf(message: Message): Buffer {
  if (!message.binary) throw new TypeError('Expected a binary message, received a text one')
  return message.data
}

/** A text or binary frame parsed as JSON; `__proto__` keys are refused, as for request bodies. */
export function jsonOf<T>(message: Message): T {
  return secureJson.parse(message.data.toString('utf8'), undefined, {
    protoAction: 'error',
    constructorAction: 'error',
  }) as T
}
