import { once } from 'node:events'
import { type AddressInfo, connect, type Server } from 'node:net'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createBlockingServer } from '../../examples/seed/blocking-socket-server.ts'
import { createEventDrivenServer, type SocketEvent } from '../../examples/seed/event-driven-socket-server.ts'
import { slowThenFast } from '../../examples/seed/slow-client-demo.ts'
import { runExample } from './run-example.ts'

const REQUEST = 'GET / HTTP/1.1\r\nhost: 127.0.0.1\r\n\r\n'
const EXPECTED_RESPONSE =
  'HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: 17\r\nconnection: close\r\n\r\n{"Hello":"World"}'
const SLOW_MS = 500

/** Sends one raw request and returns everything the server wrote before closing, and the local peer name. */
async function rawRequest(server: Server): Promise<{ response: string; peer: string }> {
  const socket = connect((server.address() as AddressInfo).port, '127.0.0.1')
  await once(socket, 'connect')
  const peer = `${socket.localAddress}:${socket.localPort}`
  const chunks: Buffer[] = []
  socket.on('data', (chunk: Buffer) => chunks.push(chunk))
  socket.write(REQUEST)
  await once(socket, 'close')
  return { response: Buffer.concat(chunks).toString(), peer }
}

/** Starts a server on a free loopback port, recording its events. */
async function start(create: (onEvent: (event: SocketEvent) => void) => Server) {
  const events: SocketEvent[] = []
  const server = create((event) => events.push(event))
  server.listen(0, '127.0.0.1')
  await once(server, 'listening')
  return { server, events }
}

/** Waits until the server has logged `count` close events (a socket's close is logged just after the client's). */
async function closes(events: SocketEvent[], count: number): Promise<void> {
  for (let i = 0; i < 200 && events.filter(({ type }) => type === 'close').length < count; i++)
    await new Promise((resolve) => setTimeout(resolve, 5))
}

const shape = (events: SocketEvent[], peers: Record<string, string>) =>
  events.map(
    ({ type, peer, bytes }) => `${type} ${peers[peer] ?? peer}${bytes === undefined ? '' : ` ${bytes}`}`,
  )

for (const [name, create] of [
  ['event-driven-socket-server.ts', createEventDrivenServer],
  ['blocking-socket-server.ts', createBlockingServer],
] as const) {
  describe(`examples/seed/${name}: one client`, () => {
    let started: Awaited<ReturnType<typeof start>>
    beforeAll(async () => {
      started = await start(create)
    })
    afterAll(async () => {
      started.server.close()
      await once(started.server, 'close')
    })

    it('answers a raw HTTP request with {"Hello":"World"} and logs accept, read, close', async () => {
      started.events.length = 0
      const { response, peer } = await rawRequest(started.server)
      expect(response).toBe(EXPECTED_RESPONSE)
      await closes(started.events, 1)
      expect(shape(started.events, { [peer]: 'client' })).toEqual([
        'accept client',
        `read client ${REQUEST.length}`,
        'close client',
      ])
    })

    it('is a real HTTP server: fetch() reads its answer', async () => {
      const response = await fetch(`http://127.0.0.1:${(started.server.address() as AddressInfo).port}/`)
      expect(response.status).toBe(200)
      expect(await response.json()).toEqual({ Hello: 'World' })
    })
  })
}

describe('a slow client, then a fast one', () => {
  it('blocking server: serialises them, the fast client waits for the slow one', async () => {
    const { server, events } = await start(createBlockingServer)
    try {
      const outcome = await slowThenFast(server, SLOW_MS)
      expect(outcome.finished).toEqual(['slow', 'fast'])
      expect(outcome.fast.response).toBe(EXPECTED_RESPONSE)
      expect(outcome.slow.response).toBe(EXPECTED_RESPONSE)
      expect(outcome.fast.ms).toBeGreaterThanOrEqual(SLOW_MS - 100)
      await closes(events, 2)
      const [slowPeer, fastPeer] = [events[0]!.peer, events.at(-1)!.peer]
      // The second connection is not even accepted until the first is closed.
      expect(shape(events, { [slowPeer]: 'slow', [fastPeer]: 'fast' })).toEqual([
        'accept slow',
        'read slow 16',
        `read slow ${REQUEST.length - 16}`,
        'close slow',
        'accept fast',
        `read fast ${REQUEST.length}`,
        'close fast',
      ])
    } finally {
      server.close()
    }
  })

  it('event-driven server: answers the fast client while the slow one is still sending', async () => {
    const { server, events } = await start(createEventDrivenServer)
    try {
      const outcome = await slowThenFast(server, SLOW_MS)
      expect(outcome.finished).toEqual(['fast', 'slow'])
      expect(outcome.fast.response).toBe(EXPECTED_RESPONSE)
      expect(outcome.slow.response).toBe(EXPECTED_RESPONSE)
      expect(outcome.fast.ms).toBeLessThan(outcome.slow.ms)
      await closes(events, 2)
      const slowPeer = events[0]!.peer
      const fastPeer = events.find(({ peer }) => peer !== slowPeer)!.peer
      const lines = shape(events, { [slowPeer]: 'slow', [fastPeer]: 'fast' })
      // Both accepted at once; the fast one is served and closed before the slow one's second read.
      expect(lines.slice(0, 4).sort()).toEqual([
        'accept fast',
        'accept slow',
        `read fast ${REQUEST.length}`,
        'read slow 16',
      ])
      expect(lines.slice(4)).toEqual(['close fast', `read slow ${REQUEST.length - 16}`, 'close slow'])
    } finally {
      server.close()
    }
  })

  it('slow-client-demo.ts prints both outcomes when run', async () => {
    const run = await runExample('slow-client-demo.ts')
    expect(run.code).toBe(0)
    const summaries = run.stdout.split('\n').filter((line) => line.includes('first answered'))
    expect(summaries).toEqual([
      expect.stringMatching(
        /^ {2}fast client answered in \d+ ms, slow client in \d+ ms; first answered: slow$/,
      ),
      expect.stringMatching(
        /^ {2}fast client answered in \d+ ms, slow client in \d+ ms; first answered: fast$/,
      ),
    ])
  })
})
