import { type ChildProcess, spawn } from 'node:child_process'
import { setTimeout as sleep } from 'node:timers/promises'
import { fileURLToPath } from 'node:url'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

// "Runs on Bun and Deno" as a tested claim: the same app, served by each runtime through `app.fetch`
// (server.ts, which imports the built package), checked over real HTTP from here. The runtimes come
// from the `bun` and `deno` npm packages (devDependencies), which ship their binaries.
const ROOT = fileURLToPath(new URL('../../', import.meta.url))
const SERVER = fileURLToPath(new URL('./server.ts', import.meta.url))
const RUNTIMES = [
  { name: 'Bun', command: `${ROOT}node_modules/.bin/bun`, args: [SERVER] },
  {
    name: 'Deno',
    command: `${ROOT}node_modules/.bin/deno`,
    args: ['run', '--allow-all', '--node-modules-dir=manual', SERVER],
  },
]

describe.each(RUNTIMES)('the request lifecycle on $name (app.fetch)', ({ command, args }) => {
  let child: ChildProcess
  let base: string
  beforeAll(async () => {
    child = spawn(command, args, {
      cwd: ROOT,
      env: { ...process.env, DENO_NO_UPDATE_CHECK: '1', NO_COLOR: '1' },
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    let output = ''
    const port = await new Promise<number>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no port announced in 15 s:\n${output}`)), 15_000)
      const read = (chunk: Buffer) => {
        output += chunk.toString()
        const line = output.split('\n').find((candidate) => candidate.startsWith('{"runtime"'))
        if (line) {
          clearTimeout(timer)
          resolve(JSON.parse(line).port)
        }
      }
      child.stdout!.on('data', read)
      child.stderr!.on('data', read)
      child.once('exit', (code) => reject(new Error(`exited ${code} before listening:\n${output}`)))
    })
    base = `http://127.0.0.1:${port}`
  }, 30_000)
  afterAll(() => {
    child?.kill('SIGKILL')
  })

  const events = async (): Promise<string[]> => (await fetch(`${base}/events`)).json()

  it('starts the lifespan on the first request, tears down in reverse order, then runs background tasks', async () => {
    const reply = await fetch(`${base}/orders/5`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-request-id': 'trace-9' },
      body: JSON.stringify({ qty: 2 }),
    })
    expect([reply.status, reply.headers.get('x-request-id'), await reply.json()]).toEqual([
      201,
      'trace-9',
      { id: 5, qty: 2, user: 'ann' },
    ])
    let seen = await events()
    for (let i = 0; i < 100 && !seen.includes('background'); i++) {
      await sleep(10)
      seen = await events()
    }
    expect(seen).toEqual([
      'startup',
      'session open',
      'user open',
      'handler',
      'user closed',
      'session closed',
      'background',
    ])
  })

  it('answers invalid input with the 422 in FastAPI shape', async () => {
    const reply = await fetch(`${base}/orders/x`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ qty: [2] }),
    })
    expect([reply.status, await reply.json()]).toEqual([
      422,
      {
        detail: [
          {
            type: 'int_parsing',
            loc: ['path', 'id'],
            msg: 'Input should be a valid integer, unable to parse string as an integer',
            input: 'x',
          },
          { type: 'int_type', loc: ['body', 'qty'], msg: 'Input should be a valid integer', input: [2] },
        ],
      },
    ])
  })

  it('answers 404 and 405 as FastAPI does, and HTTPException with its detail', async () => {
    const item = await fetch(`${base}/items/0`)
    expect([item.status, await item.json()]).toEqual([404, { detail: 'Item not found' }])
    const unknown = await fetch(`${base}/nowhere`)
    expect([unknown.status, await unknown.json()]).toEqual([404, { detail: 'Not Found' }])
    const method = await fetch(`${base}/items/1`, { method: 'DELETE' })
    expect([method.status, method.headers.get('allow'), await method.json()]).toEqual([
      405,
      'GET, HEAD',
      { detail: 'Method Not Allowed' },
    ])
  })

  it('streams a response chunk by chunk', async () => {
    const reply = await fetch(`${base}/numbers`)
    expect([reply.status, reply.headers.get('content-type'), await reply.text()]).toEqual([
      200,
      'text/plain; charset=utf-8',
      '1\n2\n3\n',
    ])
  })
})
