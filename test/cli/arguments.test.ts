import { afterAll, describe, expect, it } from 'vitest'
import { runCli, tempFolder, WHARF } from './harness.ts'

const folder = tempFolder()
const appFile = folder.write(
  'app.ts',
  `import { App } from '${WHARF}'
export const app = new App({ title: 'Args', version: '2.0.0' })
app.get('/', async () => ({ Hello: 'World' }))
app.get('/items/{id}', { operationId: 'readItem' }, async function readItem() { return {} })
export const other = new App()
// Something an app module may open at import (a pool, a timer): routes and openapi must still exit.
setInterval(() => {}, 60_000)
`,
)
const notAnApp = folder.write('plain.ts', `export const app = { not: 'an app' }\n`)
afterAll(() => folder.cleanup())

describe('bad arguments exit 2 with a clear message', () => {
  const cases: [string, string[], string][] = [
    ['no command', [], ''],
    ['an unknown command', ['serve', appFile], 'Error: unknown command "serve"'],
    ['a missing app file', ['run', 'missing.ts'], 'Error: app file not found: missing.ts'],
    ['an unknown option', ['run', appFile, '--bogus'], "Error: Unknown option '--bogus'"],
    [
      'a port out of range',
      ['run', appFile, '--port', '99999'],
      'Error: --port must be an integer from 0 to 65535; got "99999"',
    ],
    [
      'a non-numeric worker count',
      ['run', appFile, '--workers', 'many'],
      'Error: --workers must be an integer',
    ],
    [
      'a bad duration',
      ['run', appFile, '--shutdown-timeout', 'soon'],
      'Error: --shutdown-timeout must be a duration like 30, 30s, 500ms or 2m; got "soon"',
    ],
    [
      'a headers timeout longer than the request timeout',
      ['run', appFile, '--request-timeout', '5s', '--headers-timeout', '10s'],
      'Error: --headers-timeout (10s) cannot be longer than --request-timeout',
    ],
    [
      'a bad log level',
      ['dev', appFile, '--log-level', 'loud'],
      'Error: --log-level must be one of trace, debug, info, warn, error, fatal, silent; got "loud"',
    ],
    [
      'a bad proxy address',
      ['run', appFile, '--forwarded-allow-ips', '10.0.0.300'],
      'Error: --forwarded-allow-ips: "10.0.0.300" is not an IP address or CIDR range',
    ],
    [
      'a relative root path',
      ['run', appFile, '--root-path', 'api'],
      'Error: --root-path must start with "/"; got "api"',
    ],
    [
      'a missing reload folder',
      ['dev', appFile, '--reload-dir', 'nowhere'],
      'Error: --reload-dir: no such folder "nowhere"',
    ],
    ['two app files', ['routes', appFile, appFile], `Error: unexpected argument "${appFile}"`],
    [
      'an export that does not exist',
      ['routes', `${appFile}:missing`],
      'has no Wharf app as export "missing" (apps exported: app, other)',
    ],
    [
      'a module without an app',
      ['routes', notAnApp],
      'has no Wharf app as an "app" export or a default export',
    ],
  ]
  it.each(cases)('%s', async (_name, args, message) => {
    const { code, stderr, stdout } = await runCli(args)
    expect(code).toBe(2)
    if (args.length === 0) expect(stdout).toContain('Usage: wharf <command>')
    else {
      expect(stderr).toContain(message)
      expect(stderr).toMatch(/Run "wharf( \w+)? --help" for usage\./)
    }
  })
})

it('a missing --env-file is an error naming the file', async () => {
  // Node itself (24.x) scans the whole command line for --env-file and exits 9 before any JavaScript
  // runs; where it does not, Wharf's own check answers with exit code 2.
  const { code, stderr } = await runCli(['run', appFile, '--env-file', 'nope.env'])
  if (code === 9) expect(stderr).toContain('nope.env: not found')
  else {
    expect(code).toBe(2)
    expect(stderr).toContain('Error: --env-file: no such file "nope.env"')
  }
})

it('with workers, a bad export stops the whole cluster with exit code 2', async () => {
  const { code, stderr } = await runCli(['run', `${appFile}:missing`, '--workers', '2', '--port', '0'])
  expect(code).toBe(2)
  expect(stderr).toContain('has no Wharf app as export "missing"')
})

describe('--help', () => {
  const documented: Record<string, string[]> = {
    dev: [
      'host',
      'port',
      'env-file',
      'root-path',
      'proxy-headers',
      'forwarded-allow-ips',
      'keep-alive-timeout',
      'request-timeout',
      'headers-timeout',
      'limit-concurrency',
      'shutdown-timeout',
      'log-level',
      'access-log',
      'access-log-format',
      'metrics',
      'detect-blocking',
      'blocking-threshold',
      'blocking-precise',
      'health',
      'drain-delay',
      'max-event-loop-delay',
      'reload',
      'reload-dir',
      'help',
    ],
    run: [
      'host',
      'workers',
      'port',
      'env-file',
      'root-path',
      'proxy-headers',
      'forwarded-allow-ips',
      'keep-alive-timeout',
      'request-timeout',
      'headers-timeout',
      'limit-concurrency',
      'shutdown-timeout',
      'log-level',
      'access-log',
      'access-log-format',
      'metrics',
      'detect-blocking',
      'blocking-threshold',
      'blocking-precise',
      'health',
      'drain-delay',
      'max-event-loop-delay',
      'help',
    ],
    routes: ['json', 'env-file', 'help'],
    openapi: ['output', 'indent', 'env-file', 'help'],
    client: ['out', 'env-file', 'help'],
  }
  it.each(Object.entries(documented))(
    'wharf %s --help documents every option and exits 0',
    async (command, options) => {
      const { code, stdout } = await runCli([command, '--help'])
      expect(code).toBe(0)
      expect(stdout).toContain(`Usage: wharf ${command} [file[:export]] [options]`)
      const listed = [...stdout.matchAll(/^ {2}(?:-\w, | {4})--([\w-]+)/gm)].map((match) => match[1])
      expect(listed).toEqual(options)
    },
  )

  it('wharf --help lists the commands', async () => {
    const { code, stdout } = await runCli(['--help'])
    expect(code).toBe(0)
    expect([...stdout.matchAll(/^ {2}(\w+) {2,}/gm)].map((match) => match[1])).toEqual([
      'dev',
      'run',
      'openapi',
      'routes',
      'client',
    ])
  })
})

describe('wharf routes and wharf openapi', () => {
  it('lists method, path and name', async () => {
    const { code, stdout } = await runCli(['routes', appFile])
    expect(code).toBe(0)
    expect(stdout).toBe(
      ['METHOD  PATH         NAME', 'GET     /            get_root', 'GET     /items/{id}  readItem'].join(
        '\n',
      ),
    )
  })

  it('lists the routes as JSON, of the named export', async () => {
    const { code, stdout } = await runCli(['routes', `${appFile}:other`, '--json'])
    expect(code).toBe(0)
    expect(JSON.parse(stdout)).toEqual([])
  })

  it("prints the app's OpenAPI document", async () => {
    const { code, stdout } = await runCli(['openapi', appFile])
    expect(code).toBe(0)
    const document = JSON.parse(stdout)
    expect(document.openapi).toBe('3.1.0')
    expect(document.info).toEqual({ title: 'Args', version: '2.0.0' })
    expect(Object.keys(document.paths)).toEqual(['/', '/items/{id}'])
    expect(document.paths['/items/{id}'].get.operationId).toBe('readItem')
  })
})
