import { afterAll, expect, it } from 'vitest'
import { CliProcess, get, tempFolder, WHARF } from '../cli/harness.ts'

const folder = tempFolder()
const appFile = folder.write(
  'app.ts',
  `
import { App } from '${WHARF}'
export const app = new App()
app.get('/block', () => {
  const end = performance.now() + 300
  while (performance.now() < end);
  return { blocked: true }
})
`,
)
const cli = new CliProcess(['dev', appFile, '--port', '0', '--no-reload'])

afterAll(() => {
  cli.kill()
  folder.cleanup()
})

it('wharf dev frames the blocked-loop warning, naming the route, with the hint', async () => {
  const url = await cli.servingUrl()
  expect(await get(`${url}/block`)).toMatchObject({ status: 200, body: '{"blocked":true}' })
  const headline = await cli.waitForLine(
    /⚠ {2}Event loop blocked for \d+ ms by GET \/block \(request [\w-]+\)$/,
  )
  const at = cli.lines.indexOf(headline)
  expect(cli.lines[at - 1]).toBe('─'.repeat(72))
  expect(cli.lines.slice(at + 1, at + 4)).toEqual([
    '   Every other request waited meanwhile.',
    '   Hint: await the I/O instead of blocking on it, or move CPU-bound work to a worker thread (docs/async-io.md).',
    '─'.repeat(72),
  ])
}, 30_000)
