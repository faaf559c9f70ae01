/** The demo app on raw node:http (the floor, for bench/startup.ts): GET / answers {"Hello":"World"} on $PORT. */
import { createServer } from 'node:http'

const body = JSON.stringify({ Hello: 'World' })
createServer((_request, response) => {
  response.writeHead(200, { 'content-type': 'application/json', 'content-length': body.length })
  response.end(body)
}).listen(Number(process.env.PORT), '127.0.0.1')
