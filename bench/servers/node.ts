/**
 * The baseline: raw node:http with hand-written routing, parsing and validation, and an undici Pool
 * for the proxy scenario. What any framework adds is measured against this.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { parse as parseQuery } from 'node:querystring'
import { Pool } from 'undici'
import {
  announce,
  checkItem,
  HELLO,
  HOST,
  PORT,
  PROXY_FAILED,
  parseInteger,
  sleepOneSecond,
  UPSTREAM,
  UPSTREAM_CONNECTIONS,
} from './common.ts'

const upstream = new Pool(UPSTREAM, { connections: UPSTREAM_CONNECTIONS })

function send(res: ServerResponse, status: number, value: unknown): void {
  const body = JSON.stringify(value)
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) })
  res.end(body)
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = []
    req.on('data', (chunk: Buffer) => chunks.push(chunk))
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')))
    req.on('error', reject)
  })
}

async function createItem(req: IncomingMessage, res: ServerResponse): Promise<void> {
  let value: unknown
  try {
    value = JSON.parse(await readBody(req))
  } catch {
    return send(res, 422, { detail: 'Invalid JSON' })
  }
  const item = checkItem(value)
  if (item) send(res, 201, item)
  else send(res, 422, { detail: 'Invalid item' })
}

// Every proxy peer forwards the upstream's bytes with its content type, as Wharf's route does
// (`res.toResponse()`, docs/http-client.md): the same work, no parse and re-serialise anywhere.
async function proxy(res: ServerResponse): Promise<void> {
  const { statusCode, headers, body } = await upstream.request({ method: 'GET', path: '/data' })
  if (statusCode !== 200) {
    await body.dump()
    return send(res, 502, PROXY_FAILED)
  }
  const bytes = Buffer.from(await body.arrayBuffer())
  res.writeHead(200, {
    'content-type': String(headers['content-type'] ?? 'application/json'),
    'content-length': bytes.length,
  })
  res.end(bytes)
}

async function route(req: IncomingMessage, res: ServerResponse): Promise<void> {
  const url = req.url ?? '/'
  const mark = url.indexOf('?')
  const path = mark === -1 ? url : url.slice(0, mark)
  if (req.method === 'GET') {
    if (path === '/') return send(res, 200, HELLO)
    if (path.startsWith('/items/')) {
      const id = parseInteger(path.slice('/items/'.length))
      if (id === undefined) return send(res, 422, { detail: 'Invalid id' })
      const q = mark === -1 ? undefined : parseQuery(url.slice(mark + 1)).q
      return send(res, 200, { id, q: Array.isArray(q) ? q.at(-1) : q })
    }
    if (path === '/sleep') {
      await sleepOneSecond()
      return send(res, 200, HELLO)
    }
    if (path === '/proxy') return proxy(res)
  }
  if (req.method === 'POST' && path === '/items') return createItem(req, res)
  send(res, 404, { detail: 'Not Found' })
}

const server = createServer((req, res) => {
  route(req, res).catch(() => send(res, 500, { detail: 'Internal Server Error' }))
})
server.listen(PORT, HOST, () => announce((server.address() as AddressInfo).port))
