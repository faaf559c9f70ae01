import { afterAll, describe, expect, it } from 'vitest'
import { RawConnection } from '../raw-connection.ts'
import { CliProcess, get, tempFolder, WHARF } from './harness.ts'

const folder = tempFolder()
const appFile = folder.write(
  'app.ts',
  `import { App, t } from '${WHARF}'
export const app = new App()
app.get('/', async () => ({ Hello: 'World' }))
app.post('/items', { body: t.Object({ name: t.String() }) }, async ({ body }) => body)
`,
)
const started: CliProcess[] = []
/** The timeout plus a margin generous for a loaded machine; Node's own sweep used to take ~30 s. */
const MARGIN = 3_000

afterAll(() => {
  for (const cli of started) cli.kill()
  folder.cleanup()
})

describe.each(['run', 'dev'])('wharf %s cuts slow clients on time', (command) => {
  it('--headers-timeout 1s: a slowloris client is cut with 408, --request-timeout 2s: a slow body too; others are served meanwhile', async () => {
    const cli = new CliProcess([
      command,
      appFile,
      '--host',
      '127.0.0.1',
      '--port',
      '0',
      '--headers-timeout',
      '1s',
      '--request-timeout',
      '2s',
    ])
    started.push(cli)
    const url = await cli.servingUrl(0, 15_000)
    const port = Number(new URL(url).port)

    const slowloris = new RawConnection(port)
    slowloris.write('GET / HTTP/1.1\r\nHost: x\r\n')
    slowloris.trickle('X-Padding: a\r\n', 200)
    const slowBody = new RawConnection(port)
    slowBody.write(
      'POST /items HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n',
    )
    slowBody.trickle(' ', 200)

    expect(await get(`${url}/`)).toMatchObject({ status: 200, body: '{"Hello":"World"}' })
    expect(await slowloris.closedWithin(1_000 + MARGIN)).toBeTypeOf('number')
    expect(await slowloris.response(0)).toMatchObject({ status: 408, body: '{"detail":"Request Timeout"}' })
    expect(await slowBody.closedWithin(2_000 + MARGIN)).toBeTypeOf('number')
    expect(await slowBody.response(0)).toMatchObject({ status: 408, body: '{"detail":"Request Timeout"}' })
    cli.child.kill('SIGTERM')
    expect((await cli.exited).code).toBe(0)
  }, 30_000)
})
