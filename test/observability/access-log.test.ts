import { afterEach, describe, expect, it, vi } from 'vitest'
import { App } from 'wharfjs'
import { textAccessLine } from '../../src/pipeline/access-log-format.ts'
import { capturedLogger } from './log-capture.ts'

const entry = {
  method: 'GET',
  path: '/items/1?q=a',
  status: 200,
  durationMs: 0.43,
  queuedMs: 0,
  reqId: 'abc-123',
  traceId: undefined,
  remoteAddress: '127.0.0.1',
  bytes: 12,
  referer: undefined,
  userAgent: 'curl/8.5',
}
const at = new Date(Date.UTC(2026, 10, 30, 9, 5, 7))

describe('text access lines', () => {
  it('common: Apache fields, then request id, duration, queueing delay and trace id', () => {
    expect(textAccessLine('common', entry, at)).toBe(
      '127.0.0.1 - - [30/Nov/2026:09:05:07 +0000] "GET /items/1?q=a HTTP/1.1" 200 12 "abc-123" 0.4 0 -',
    )
  })

  it('combined adds referer and user agent; quotes and control characters cannot forge a line', () => {
    const line = textAccessLine(
      'combined',
      {
        ...entry,
        userAgent: 'evil"\n127.0.0.1 - - [fake]',
        queuedMs: 480.04,
        traceId: '4bf92f3577b34da6a3ce929d0e0e4736',
      },
      at,
    )
    expect(line).toBe(
      '127.0.0.1 - - [30/Nov/2026:09:05:07 +0000] "GET /items/1?q=a HTTP/1.1" 200 12 "-" "evil\\"127.0.0.1 - - [fake]" "abc-123" 0.4 480 4bf92f3577b34da6a3ce929d0e0e4736',
    )
    expect(line).not.toContain('\n')
  })
})

describe('accessLog formats on the adapters', () => {
  afterEach(() => vi.restoreAllMocks())

  function stdoutLines(): string[] {
    const lines: string[] = []
    vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
      lines.push(String(chunk))
      return true
    })
    return lines
  }

  it('node:http writes combined lines to stdout, not to the logger', async () => {
    const { logger, records } = capturedLogger()
    const app = new App({ logger })
    app.get('/hello', () => ({ Hello: 'World' }))
    const server = await app.listen({ port: 0, requestId: true, accessLog: 'combined' })
    const lines = stdoutLines()
    try {
      const response = await fetch(`${server.url}/hello`, {
        headers: { 'x-request-id': 'r-1', referer: 'http://example.test/', 'user-agent': 'tests' },
      })
      expect(await response.json()).toEqual({ Hello: 'World' })
      await vi.waitFor(() => expect(lines).toHaveLength(1))
    } finally {
      vi.restoreAllMocks()
      await server.close()
    }
    expect(lines).toHaveLength(1)
    expect(lines[0]).toMatch(
      /^127\.0\.0\.1 - - \[\d{2}\/\w{3}\/\d{4}:\d{2}:\d{2}:\d{2} \+0000\] "GET \/hello HTTP\/1\.1" 200 17 "http:\/\/example\.test\/" "tests" "r-1" [\d.]+ 0 -\n$/,
    )
    expect(records.filter((record) => record.path === '/hello')).toEqual([])
  })

  it('app.fetch writes common lines; json stays the default', async () => {
    const app = new App({ logger: false, requestId: true, accessLog: 'common' })
    app.get('/hello', () => ({ Hello: 'World' }))
    const lines = stdoutLines()
    const response = await app.fetch(
      new Request('http://localhost/hello', { headers: { 'x-request-id': 'f-1' } }),
    )
    expect(await response.json()).toEqual({ Hello: 'World' })
    await vi.waitFor(() => expect(lines).toHaveLength(1))
    vi.restoreAllMocks()
    expect(lines[0]).toMatch(/^- - - \[[^\]]+\] "GET \/hello HTTP\/1\.1" 200 17 "f-1" [\d.]+ 0 -\n$/)

    const { logger, records } = capturedLogger()
    const jsonApp = new App({ logger, requestId: true, accessLog: true })
    jsonApp.get('/hello', () => ({ Hello: 'World' }))
    await (await jsonApp.fetch(new Request('http://localhost/hello'))).arrayBuffer()
    // The fetch adapter reports the response over once the body stream has closed.
    await vi.waitFor(() =>
      expect(records.find((record) => record.path === '/hello')).toMatchObject({
        method: 'GET',
        status: 200,
        bytes: 17,
      }),
    )
  })
})
