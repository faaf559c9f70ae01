import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { App, type RunningServer } from 'wharfjs'
import { connect } from './client.ts'

const app = new App({ logger: false })
app.websocket('/text', async ({ ws }) => {
  await ws.accept()
  for (;;) await ws.sendText(`echo: ${await ws.receiveText()}`)
})
app.websocket('/json', async ({ ws }) => {
  await ws.accept()
  const value = await ws.receiveJson<{ n: number }>()
  await ws.sendJson({ doubled: value.n * 2 })
})
app.websocket('/bytes', async ({ ws }) => {
  await ws.accept()
  const data = await ws.receiveBytes()
  await ws.sendBytes(Buffer.from(data.reverse()))
})
app.websocket('/iterate', async ({ ws }) => {
  await ws.accept()
  let count = 0
  for await (const message of ws) {
    count++
    await ws.sendText(typeof message === 'string' ? `text ${message}` : `binary ${message.length}`)
    if (count === 2) break
  }
  await ws.close(4000, 'two is enough')
})
app.websocket('/protocol', async ({ ws }) => {
  await ws.accept('chat.v2')
  await ws.sendJson({ offered: ws.subprotocols, chosen: ws.protocol })
})

let server: RunningServer
let base: string
beforeAll(async () => {
  server = await app.listen({ port: 0 })
  base = `ws://127.0.0.1:${server.port}`
})
afterAll(async () => {
  await server.close()
})

describe('WebSocket echo', () => {
  it('echoes text frames, message after message', async () => {
    const { client, next, closed } = await connect(`${base}/text`)
    client.send('hello')
    expect(await next()).toBe('echo: hello')
    client.send('again')
    expect(await next()).toBe('echo: again')
    client.close(1000)
    expect(await closed).toEqual({ code: 1000, reason: '' })
  })

  it('parses and sends JSON, then closes with 1000 when the handler returns', async () => {
    const { client, next, closed } = await connect(`${base}/json`)
    client.send(JSON.stringify({ n: 21 }))
    expect(await next()).toBe('{"doubled":42}')
    expect(await closed).toEqual({ code: 1000, reason: '' })
  })

  it('receives and sends binary frames', async () => {
    const { client, next } = await connect(`${base}/bytes`)
    client.send(Buffer.from([1, 2, 3]))
    const reply = await next()
    expect(Buffer.isBuffer(reply)).toBe(true)
    expect([...(reply as Buffer)]).toEqual([3, 2, 1])
  })

  it('closes with 1011 when a text message was expected and a binary one came', async () => {
    const { client, closed } = await connect(`${base}/text`)
    client.send(Buffer.from([1]))
    expect(await closed).toEqual({ code: 1011, reason: 'Internal Server Error' })
  })

  it('iterates over text and binary messages and closes with its own code and reason', async () => {
    const { client, next, closed } = await connect(`${base}/iterate`)
    client.send('a')
    expect(await next()).toBe('text a')
    client.send(Buffer.from([9, 9, 9, 9]))
    expect(await next()).toBe('binary 4')
    expect(await closed).toEqual({ code: 4000, reason: 'two is enough' })
  })

  it('answers with the subprotocol accept() chose among those offered', async () => {
    const { client, next } = await connect(`${base}/protocol`, { protocols: ['chat.v1', 'chat.v2'] })
    expect(client.protocol).toBe('chat.v2')
    expect(JSON.parse((await next()) as string)).toEqual({
      offered: ['chat.v1', 'chat.v2'],
      chosen: 'chat.v2',
    })
  })

  it('leaves plain HTTP requests to the HTTP routes', async () => {
    const response = await fetch(`${server.url}/text`)
    expect(response.status).toBe(404)
    expect(await response.json()).toEqual({ detail: 'Not Found' })
  })
})
