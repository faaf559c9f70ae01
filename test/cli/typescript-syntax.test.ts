import { afterAll, describe, expect, it } from 'vitest'
import { CliProcess, runCli, tempFolder, WHARF } from './harness.ts'

const folder = tempFolder()
folder.write(
  'store.ts',
  `export class Store {
  constructor(private readonly items: string[]) {}
  get size(): number { return this.items.length }
}
`,
)
folder.write('color.ts', `export enum Color {\n  Red,\n  Green,\n}\n`)
const withParameterProperty = folder.write(
  'app.ts',
  `import { App } from '${WHARF}'\nimport { Store } from './store.ts'\nexport const app = new App()\napp.get('/', () => ({ size: new Store([]).size }))\n`,
)
const withEnum = folder.write(
  'enum-app.ts',
  `import { App } from '${WHARF}'\nimport { Color } from './color.ts'\nexport const app = new App()\napp.get('/', () => ({ color: Color.Red }))\n`,
)
afterAll(() => folder.cleanup())

/** What every explanation says: the fixes, and no stack trace. */
function expectExplained(stderr: string): void {
  expect(stderr).toContain('Node runs TypeScript by erasing types')
  expect(stderr).toContain('"erasableSyntaxOnly": true in tsconfig.json')
  expect(stderr).toContain('compile the app with tsc')
  expect(stderr).not.toMatch(/^\s+at /m)
  expect(stderr).not.toContain('ERR_UNSUPPORTED_TYPESCRIPT_SYNTAX')
}

describe('non-erasable TypeScript', () => {
  it('wharf run: a parameter property in an imported file names the file, the line and the fix; exit 1', async () => {
    const { code, stderr } = await runCli(['run', withParameterProperty, '--port', '0'])
    expect(code).toBe(1)
    expect(stderr).toMatch(/^Error: .*store\.ts:2: TypeScript parameter property cannot run as is/)
    expect(stderr).toContain('constructor(private readonly items: string[]) {}')
    expectExplained(stderr)
  })

  it('wharf routes: an enum, the same way', async () => {
    const { code, stderr } = await runCli(['routes', withEnum])
    expect(code).toBe(1)
    expect(stderr).toMatch(/^Error: .*color\.ts:1: TypeScript enum cannot run as is/)
    expectExplained(stderr)
  })

  it('wharf dev: prints the explanation and waits for a change', async () => {
    const cli = new CliProcess(['dev', withEnum, '--port', '0'])
    try {
      await cli.waitForLine(/The app stopped/, 15_000)
      for (let waited = 0; !cli.stderr.includes('compile the app with tsc') && waited < 5_000; waited += 50) {
        await new Promise((resolve) => setTimeout(resolve, 50))
      }
      expect(cli.stderr).toMatch(/color\.ts:1: TypeScript enum cannot run as is/)
      expectExplained(cli.stderr)
      expect(cli.child.exitCode).toBe(null)
    } finally {
      cli.kill()
      await cli.exited
    }
  }, 30_000)
})
