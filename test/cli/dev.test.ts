import { writeFileSync } from 'node:fs'
import { afterAll, expect, it } from 'vitest'
import { CliProcess, getWhenUp, tempFolder, WHARF } from './harness.ts'

const folder = tempFolder()
const source = (version: number) =>
  `import { App } from '${WHARF}'\nexport const app = new App()\napp.get('/', async () => ({ version: ${version} }))\n`
const appFile = folder.write('app.ts', source(1))
const cli = new CliProcess(['dev', appFile, '--port', '0'])

afterAll(() => {
  cli.kill()
  folder.cleanup()
})

/** Edits the app file, then returns the body served by the server started after the edit. */
async function editAndFetch(code: string): Promise<string> {
  const from = cli.lines.length
  writeFileSync(appFile, code)
  const url = await cli.servingUrl(from)
  return (await getWhenUp(`${url}/`)).body
}

it('wharf dev: pretty logs, docs URL, reload on change, survives a syntax error, stops on SIGTERM', async () => {
  const url = await cli.servingUrl()
  expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/)
  expect((await getWhenUp(`${url}/`)).body).toBe('{"version":1}')
  // pino-pretty lines, not JSON: "[12:00:00.000] INFO: Serving on http://…"
  expect(await cli.waitForLine(/INFO.*Serving on/)).toMatch(/^\[[\d:.]+\] INFO: Serving on http/)
  expect(await cli.waitForLine(/Docs at/)).toContain(`Docs at ${url}/docs`)

  expect(await editAndFetch(source(2))).toBe('{"version":2}')

  const beforeError = cli.lines.length
  writeFileSync(appFile, `${source(2)}this is not TypeScript(\n`)
  await cli.waitForLine(/The app stopped/, 10_000, beforeError)
  // stderr (the child's stack) and stdout are separate pipes: give the former a moment to arrive.
  for (let waited = 0; !cli.stderr.includes('SyntaxError') && waited < 5_000; waited += 50) {
    await new Promise((resolve) => setTimeout(resolve, 50))
  }
  expect(cli.stderr).toContain('SyntaxError')
  expect(cli.child.exitCode).toBe(null)

  expect(await editAndFetch(source(3))).toBe('{"version":3}')

  cli.child.kill('SIGTERM')
  expect((await cli.exited).code).toBe(0)
}, 60_000) // several process starts: generous on a loaded machine; each wait inside is bounded
