import { describe, expect, it } from 'vitest'
import { HTTPException, RequestValidationError, readMultipartForm, SpoolFiles } from 'wharfjs'
import { chunked, encodeForm } from './encode.ts'

/** A small deterministic generator (mulberry32): the same mutations on every run. */
function random(seed: number) {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed)
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

function mutate(body: Buffer, next: () => number): Buffer {
  const copy = Buffer.from(body)
  const at = Math.floor(next() * copy.length)
  switch (Math.floor(next() * 5)) {
    case 0: // flip a byte
      copy[at] = Math.floor(next() * 256)
      return copy
    case 1: // cut the body short
      return copy.subarray(0, at)
    case 2: // drop a slice
      return Buffer.concat([
        copy.subarray(0, at),
        copy.subarray(Math.min(copy.length, at + 1 + Math.floor(next() * 40))),
      ])
    case 3: // insert CR/LF/dashes/quotes where they hurt
      return Buffer.concat([
        copy.subarray(0, at),
        Buffer.from(['\r\n', '--', '"', '\r\n\r\n', ';'][Math.floor(next() * 5)]!),
        copy.subarray(at),
      ])
    default: // duplicate a slice
      return Buffer.concat([copy.subarray(0, at), copy.subarray(at, at + 200), copy.subarray(at)])
  }
}

describe('mutated multipart bodies never crash the parser', () => {
  it('500 mutations: each is parsed, or answered 4xx; nothing else is thrown, nothing hangs', async () => {
    const form = new FormData()
    form.append('title', 'A "quoted" title')
    form.append(
      'file',
      new File(['line one\r\nline two\r\n--almost a boundary'], 'notes.txt', { type: 'text/plain' }),
    )
    form.append('other', new File([Buffer.alloc(3000, 7)], 'blob.bin'))
    const { body, contentType } = await encodeForm(form)
    const next = random(13)
    const outcomes = new Map<string, number>()
    for (let i = 0; i < 500; i++) {
      const mutated = mutate(body, next)
      const files = new SpoolFiles()
      const outcome = await readMultipartForm(
        chunked(mutated, 1 + Math.floor(next() * 700)).chunks,
        contentType,
        { spoolThreshold: 1000 },
        files,
      ).then(
        () => 'parsed',
        (error: unknown) => {
          if (error instanceof HTTPException) return String(error.status)
          if (error instanceof RequestValidationError) return '422'
          throw error
        },
      )
      await files.cleanup()
      outcomes.set(outcome, (outcomes.get(outcome) ?? 0) + 1)
    }
    for (const outcome of outcomes.keys()) expect(['parsed', '400', '413', '422']).toContain(outcome)
    expect(outcomes.get('400')).toBeGreaterThan(0)
  }, 30_000)
})
