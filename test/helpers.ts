import { Writable } from 'node:stream'
import { pino } from 'pino'

/** A pino logger that keeps its JSON lines in memory, so tests can assert what was logged. */
export function memoryLogger() {
  const lines: Record<string, any>[] = []
  const stream = new Writable({
    write(chunk, _encoding, done) {
      for (const line of chunk.toString().split('\n')) if (line) lines.push(JSON.parse(line))
      done()
    },
  })
  return { logger: pino({ level: 'debug' }, stream), lines }
}

/** The access-log line of `path` among `lines` (from `memoryLogger`), once it is logged (5 s at most). */
export async function accessLineOf(lines: Record<string, any>[], path: string): Promise<Record<string, any>> {
  for (let i = 0; i < 200; i++) {
    const line = lines.find((each) => each.path === path && each.duration !== undefined)
    if (line) return line
    await new Promise((resolve) => setTimeout(resolve, 25))
  }
  throw new Error(`no access line for ${path}`)
}

/** Resolves after `ms` milliseconds. */
export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms))
