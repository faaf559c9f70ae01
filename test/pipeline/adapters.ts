import { randomUUID } from 'node:crypto'
import type { App } from 'wharfjs'
import { type LambdaEventV2, type LambdaResultV2, lambdaHandler } from 'wharfjs/lambda'
import { TestClient } from 'wharfjs/testing'

/** A response as every adapter's test sees it. */
export interface Reply {
  status: number
  headers: Record<string, string>
  text: string
}

/** One way of serving an app, as a user would: a running adapter and how to call it. */
export interface Served {
  request(
    method: string,
    path: string,
    init?: { headers?: Record<string, string>; json?: unknown },
  ): Promise<Reply>
  close(): Promise<void>
}

export interface Adapter {
  name: string
  serve(app: App<any, any>): Promise<Served>
}

const fromWeb = async (response: Response): Promise<Reply> => ({
  status: response.status,
  headers: Object.fromEntries(response.headers),
  text: await response.text(),
})

const webInit = (method: string, init: { headers?: Record<string, string>; json?: unknown } = {}) => ({
  method,
  headers: { ...(init.json === undefined ? {} : { 'content-type': 'application/json' }), ...init.headers },
  ...(init.json === undefined ? {} : { body: JSON.stringify(init.json) }),
})

/** node:http through `app.listen()` on a real socket, called with fetch. */
const node: Adapter = {
  name: 'node:http (listen)',
  async serve(app) {
    const server = await app.listen({ port: 0 })
    return {
      request: async (method, path, init) =>
        fromWeb(await fetch(`${server.url}${path}`, webInit(method, init))),
      close: () => server.close(),
    }
  },
}

/** `app.fetch` with WHATWG Request/Response, as Bun, Deno and serverless platforms call it. */
const web: Adapter = {
  name: 'fetch (app.fetch)',
  async serve(app) {
    return {
      request: async (method, path, init) =>
        fromWeb(await app.fetch(new Request(`http://wharf.test${path}`, webInit(method, init)))),
      close: () => app.shutdown(),
    }
  },
}

/** The in-process TestClient, entered like FastAPI's `with TestClient(app)`. */
const testClient: Adapter = {
  name: 'TestClient',
  async serve(app) {
    const client = await new TestClient(app).startup()
    return {
      request: async (method, path, init = {}) => {
        const res = await client.request(method, path, {
          ...(init.headers ? { headers: init.headers } : {}),
          ...(init.json === undefined ? {} : { json: init.json }),
        })
        const headers: Record<string, string> = {}
        for (const [name, value] of Object.entries(res.headers))
          headers[name] = Array.isArray(value) ? value.join(', ') : value
        return { status: res.status, headers, text: res.text }
      },
      close: () => client.shutdown(),
    }
  },
}

/** AWS Lambda, called with API Gateway 2.0 events as a function URL or HTTP API would send them. */
const lambda: Adapter = {
  name: 'AWS Lambda (lambdaHandler)',
  async serve(app) {
    const handler = lambdaHandler(app)
    return {
      request: async (method, target, init = {}) => {
        const [path = '/', query = ''] = target.split('?')
        const headers: Record<string, string> = { ...init.headers }
        if (init.json !== undefined) headers['content-type'] = 'application/json'
        const event: LambdaEventV2 = {
          version: '2.0',
          rawPath: path,
          rawQueryString: query,
          headers,
          requestContext: { requestId: randomUUID(), http: { method, path, sourceIp: '127.0.0.1' } },
          ...(init.json === undefined
            ? {}
            : { body: Buffer.from(JSON.stringify(init.json)).toString('base64') }),
          isBase64Encoded: init.json !== undefined,
        }
        const result = (await handler(event)) as LambdaResultV2
        return {
          status: result.statusCode,
          headers: result.headers,
          text: result.isBase64Encoded ? Buffer.from(result.body, 'base64').toString('utf8') : result.body,
        }
      },
      close: () => app.shutdown(),
    }
  },
}

export const ADAPTERS: readonly Adapter[] = [node, web, testClient, lambda]
