import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { fixtureApp } from './fixture-app.ts'
import { CliProcess, get, tempFolder } from './harness.ts'

const folder = tempFolder()
const appFile = folder.write('app.ts', fixtureApp)
const envFile = folder.write('test.env', 'WHARF_TEST_VALUE=from the env file\n')
const started: CliProcess[] = []

function start(...args: string[]): CliProcess {
  const cli = new CliProcess(['run', appFile, '--host', '127.0.0.1', '--port', '0', ...args])
  started.push(cli)
  return cli
}

afterAll(() => {
  for (const cli of started) cli.kill()
  folder.cleanup()
})

describe('wharf run', () => {
  let cli: CliProcess
  let url: string

  beforeAll(async () => {
    // A request timeout below Node's default headers timeout (20 s) must still start.
    cli = start('--env-file', envFile, '--root-path', '/api', '--request-timeout', '10s')
    url = await cli.servingUrl()
  })

  it('serves the app, logging JSON', async () => {
    const reply = await get(`${url}/`)
    expect(reply.status).toBe(200)
    expect(reply.body).toBe('{"Hello":"World"}')
    expect(cli.records.find((record) => record.msg === `Serving on ${url}`)).toMatchObject({ level: 30, url })
  })

  it('echoes X-Request-ID, logs one access line with it, and puts it on ctx.log', async () => {
    const reply = await get(`${url}/log`, { 'x-request-id': 'req-42' })
    expect(reply.status).toBe(200)
    expect(reply.headers['x-request-id']).toBe('req-42')
    await cli.waitForLine(/"path":"\/log"/)
    const forRequest = cli.records.filter((record) => record.reqId === 'req-42')
    expect(forRequest.map((record) => record.msg)).toEqual([
      'from the handler',
      `GET /log 200 ${forRequest[1]?.duration}ms`,
    ])
    expect(forRequest[1]).toMatchObject({ method: 'GET', path: '/log', status: 200 })
    expect(typeof forRequest[1]?.duration).toBe('number')
  })

  it('logs an unhandled error with its stack and the request id; the client sees a plain 500', async () => {
    const reply = await get(`${url}/boom`, { 'x-request-id': 'req-boom' })
    expect(reply.status).toBe(500)
    expect(reply.body).toBe('{"detail":"Internal Server Error"}')
    expect(reply.headers['x-request-id']).toBe('req-boom')
    await cli.waitForLine(/"path":"\/boom"/)
    const [error, access] = cli.records.filter((record) => record.reqId === 'req-boom')
    expect(error).toMatchObject({ level: 50, err: { message: 'boom' } })
    expect(error?.err.stack).toMatch(/^Error: boom\n\s+at /)
    expect(access).toMatchObject({ level: 50, method: 'GET', path: '/boom', status: 500 })
  })

  it('gives a request without X-Request-ID a fresh UUID, and replaces an unsafe one', async () => {
    const plain = await get(`${url}/`)
    expect(plain.headers['x-request-id']).toMatch(
      /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/,
    )
    const unsafe = await get(`${url}/`, { 'x-request-id': 'a b"}{' })
    expect(unsafe.headers['x-request-id']).toMatch(/^[0-9a-f]{8}-/)
  })

  it('believes X-Forwarded-* from a trusted proxy (127.0.0.1 by default)', async () => {
    const reply = await get(`${url}/whoami`, {
      'x-forwarded-for': '203.0.113.7, 127.0.0.1',
      'x-forwarded-proto': 'https',
    })
    expect(JSON.parse(reply.body)).toEqual({ client: '203.0.113.7', scheme: 'https', path: '/whoami' })
  })

  it('strips --root-path from paths that carry it', async () => {
    const prefixed = await get(`${url}/api/whoami`)
    expect(prefixed.status).toBe(200)
    expect(JSON.parse(prefixed.body).path).toBe('/whoami')
    const apiary = await get(`${url}/apiary`)
    expect(apiary.status).toBe(404)
  })

  it('loads --env-file before importing the app', async () => {
    const reply = await get(`${url}/env`)
    expect(reply.body).toBe('{"value":"from the env file"}')
  })

  it('answers a route past its timeout with 504 and aborts ctx.signal', async () => {
    const reply = await get(`${url}/timeout`)
    expect(reply.status).toBe(504)
    expect(reply.body).toBe('{"detail":"Gateway Timeout"}')
    const after = await get(`${url}/last-abort`)
    expect(after.body).toBe('{"lastAbort":"TimeoutError"}')
  })
})

describe('wharf run --limit-concurrency 1 --forwarded-allow-ips 10.0.0.1', () => {
  let cli: CliProcess
  let url: string

  beforeAll(async () => {
    cli = start('--limit-concurrency', '1', '--forwarded-allow-ips', '10.0.0.1')
    url = await cli.servingUrl()
  })

  it('answers 503 beyond the limit, and serves again once a slot is free', async () => {
    const slow = get(`${url}/slow/1500`)
    await cli.waitForLine(/slow started/)
    const refused = await get(`${url}/`)
    expect(refused.status).toBe(503)
    expect(refused.body).toBe('{"detail":"Service Unavailable"}')
    expect(refused.headers['x-request-id']).toMatch(/^[0-9a-f]{8}-/)
    expect((await slow).status).toBe(200)
    expect((await get(`${url}/`)).status).toBe(200)
  })

  it('ignores X-Forwarded-* from a peer that is not a trusted proxy', async () => {
    const reply = await get(`${url}/whoami`, {
      'x-forwarded-for': '203.0.113.7',
      'x-forwarded-proto': 'https',
    })
    expect(JSON.parse(reply.body)).toEqual({ client: '127.0.0.1', scheme: 'http', path: '/whoami' })
  })
})

describe('graceful shutdown', { timeout: 40_000 }, () => {
  it('SIGTERM: 50 slow requests in flight all complete with 200, new connections are refused, exit 0', async () => {
    const cli = start('--shutdown-timeout', '10s')
    const url = await cli.servingUrl()
    await get(`${url}/background`)
    const requests = Array.from({ length: 50 }, () => get(`${url}/slow/1000`))
    const inFlight = () => cli.records.filter((record) => record.msg === 'slow started').length
    while (inFlight() < 50) await cli.waitForLine(/slow started/, 5_000, cli.lines.length)
    const signalled = Date.now()
    cli.child.kill('SIGTERM')
    await cli.waitForLine(/Shutting down/)
    await expect(get(`${url}/`)).rejects.toMatchObject({ code: 'ECONNREFUSED' })
    const replies = await Promise.all(requests)
    expect(replies.map((reply) => reply.status)).toEqual(Array(50).fill(200))
    expect(new Set(replies.map((reply) => reply.body))).toEqual(new Set(['{"slept":1000}']))
    const { code } = await cli.exited
    expect(code).toBe(0)
    expect(Date.now() - signalled).toBeLessThan(10_000)
    const order = cli.records.map((record) => record.msg).filter((msg) => /done|closed|complete/.test(msg))
    expect(order).toEqual(['background done', 'lifespan closed', 'Shutdown complete'])
  })

  it('cuts requests still running at the deadline, then exits 0', async () => {
    const cli = start('--shutdown-timeout', '300ms')
    const url = await cli.servingUrl()
    const stuck = get(`${url}/slow/20000`)
    await cli.waitForLine(/slow started/)
    const signalled = Date.now()
    cli.child.kill('SIGTERM')
    await expect(stuck).rejects.toMatchObject({ code: 'ECONNRESET' })
    expect((await cli.exited).code).toBe(0)
    expect(Date.now() - signalled).toBeLessThan(5_000)
    expect(
      cli.records.some(
        (record) => record.msg === 'Shutdown deadline passed: closing the connections still open',
      ),
    ).toBe(true)
  })

  it('a second signal exits at once with code 130', async () => {
    const cli = start('--shutdown-timeout', '30s')
    const url = await cli.servingUrl()
    const stuck = get(`${url}/slow/20000`).catch((error) => error)
    await cli.waitForLine(/slow started/)
    cli.child.kill('SIGTERM')
    await cli.waitForLine(/Shutting down/)
    cli.child.kill('SIGINT')
    expect((await cli.exited).code).toBe(130)
    expect(await stuck).toBeInstanceOf(Error)
  })
})
