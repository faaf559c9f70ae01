import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { CliProcess, get, runCli } from '../cli/harness.ts'
import { installedProject, type Project, pack } from './project.ts'

/** A user's app, importing the installed package by name (no path mapping, no alias). */
const APP = `import { Format } from 'typebox/format'
import { App, HTTPException, t } from 'wharfjs'
import { TestClient } from 'wharfjs/testing'

export const app = new App({ title: 'Installed', version: '1.0.0' })

// Registered in TypeBox's own registry: Wharf's bundled TypeBox must see it (scripts/bundle-typebox.ts).
Format.Set('even-digits', (value) => /^(\\d\\d)+$/.test(value))

app.get('/', async () => ({ Hello: 'World' }))

app.get(
  '/items/{id}',
  { path: { id: t.Integer() }, query: { code: t.Optional(t.String({ format: 'even-digits' })) } },
  ({ path }) => {
    if (path.id === 0) throw new HTTPException(404, 'Item not found')
    return { id: path.id }
  },
)

export const testClient = new TestClient(app)
`

describe('the packed tarball, installed into a new project outside the repo', () => {
  let project: Project
  let entry: string
  beforeAll(async () => {
    project = await installedProject(await pack())
    project.write('app.ts', APP)
    entry = join(project.dir, 'node_modules', 'wharfjs', 'bin', 'wharf.js')
  }, 180_000)
  afterAll(() => project?.cleanup())

  it('holds the build, the command and the sources', () => {
    const installed = join(project.dir, 'node_modules', 'wharfjs')
    for (const file of [
      'dist/index.js',
      'dist/index.d.ts',
      'dist/testing.js',
      'dist/http.js',
      'dist/security.js',
    ]) {
      expect(existsSync(join(installed, file)), file).toBe(true)
    }
    expect(existsSync(join(project.dir, 'node_modules', '.bin', 'wharf'))).toBe(true)
    // Prebuilt docs bundles instead of their packages' dependency trees (docs/openapi.md).
    for (const absent of ['redoc', 'react', 'mobx', 'core-js', 'swagger-ui-dist', '@scarf/scarf']) {
      expect(existsSync(join(project.dir, 'node_modules', absent)), absent).toBe(false)
    }
  })

  it('wharf routes lists the app’s routes', async () => {
    const result = await runCli(['routes', 'app.ts', '--json'], {}, { entry, cwd: project.dir })
    expect(result.stderr).toBe('')
    expect(result.code).toBe(0)
    expect(JSON.parse(result.stdout)).toEqual([
      { method: 'GET', path: '/', name: expect.any(String) },
      { method: 'GET', path: '/items/{id}', name: expect.any(String) },
    ])
  })

  it('wharf openapi prints the document', async () => {
    const result = await runCli(['openapi', 'app.ts'], {}, { entry, cwd: project.dir })
    expect(result.code).toBe(0)
    const document = JSON.parse(result.stdout)
    expect(document.info).toEqual({ title: 'Installed', version: '1.0.0' })
    expect(Object.keys(document.paths)).toEqual(['/', '/items/{id}'])
  })

  it('wharf run serves requests on a free port', async () => {
    const cli = new CliProcess(
      ['run', 'app.ts', '--host', '127.0.0.1', '--port', '0'],
      {},
      { entry, cwd: project.dir },
    )
    try {
      const url = await cli.servingUrl(0, 20_000)
      expect(await get(`${url}/`)).toMatchObject({ status: 200, body: '{"Hello":"World"}' })
      expect(await get(`${url}/items/0`)).toMatchObject({ status: 404, body: '{"detail":"Item not found"}' })
      // The docs pages' files come inside the package (dist/vendor), not from other packages.
      const redoc = await get(`${url}/redoc`)
      const bundle = /<script src="([^"]+redoc\.standalone\.js)"/.exec(redoc.body)?.[1]
      expect(bundle).toMatch(/^\/redoc\/redoc@[\d.]+\/redoc\.standalone\.js$/)
      expect((await get(`${url}${bundle}`)).status).toBe(200)
      const swagger = await get(`${url}/docs`)
      const swaggerBundle = /<script src="([^"]+swagger-ui-bundle\.js)"/.exec(swagger.body)?.[1]
      expect((await get(`${url}${swaggerBundle}`)).status).toBe(200)
      const invalid = await get(`${url}/items/abc`)
      expect(invalid.status).toBe(422)
      expect(JSON.parse(invalid.body).detail[0]).toMatchObject({ type: 'int_parsing', loc: ['path', 'id'] })
      // A format registered through the typebox package validates in the bundled TypeBox too.
      expect(await get(`${url}/items/1?code=1234`)).toMatchObject({ status: 200, body: '{"id":1}' })
      const badCode = await get(`${url}/items/1?code=123`)
      expect(badCode.status).toBe(422)
      expect(JSON.parse(badCode.body).detail[0]).toMatchObject({ loc: ['query', 'code'] })
    } finally {
      cli.kill()
      await cli.exited
    }
  }, 30_000)
})
