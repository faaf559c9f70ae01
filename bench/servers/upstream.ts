/**
 * The proxy scenario's upstream: raw node:http answering GET /data with a fixed JSON document of
 * about 1 KB, over keep-alive, so the proxy servers' outbound client is what gets measured.
 */
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { announce, HOST, PORT } from './common.ts'
import { UPSTREAM_DATA } from './upstream-data.ts'

const body = JSON.stringify(UPSTREAM_DATA)
const headers = { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) }

const server = createServer((req, res) => {
  if (req.method === 'GET' && req.url === '/data') {
    res.writeHead(200, headers)
    res.end(body)
    return
  }
  res.writeHead(404, { 'content-type': 'application/json' })
  res.end('{"detail":"Not Found"}')
})
server.keepAliveTimeout = 60_000
server.listen({ port: PORT, host: HOST, backlog: 4096 }, () =>
  announce((server.address() as AddressInfo).port),
)
