/**
 * Measures the type-check cost of a generated client (see bench/client-types.ts): an app of `routes`
 * routes, `wharf client`'s module for it, and a user file making `calls` calls, checked by the repo's
 * TypeScript with --extendedDiagnostics. Needs the build (dist/) for the app and the client runtime.
 */
import { execFileSync } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { App, t } from '../../dist/index.js'
// The generator is internal (the bundled build has no per-module files); it is self-contained.
import { generateClient } from '../../src/client/generate.ts'

const here = (path: string) => fileURLToPath(new URL(path, import.meta.url))
const TSC = here('../../node_modules/typescript/bin/tsc')

/** An app of `routes` routes: alternately a GET with path and query parameters and a POST with a body. */
function appOf(routes: number): App {
  const app = new App({ title: `${routes} routes`, version: '1.0.0', logger: false })
  for (let index = 0; index < routes; index++) {
    const Item = t.Object(
      { id: t.Integer(), name: t.String(), price: t.Number(), tags: t.Array(t.String()) },
      { $id: `Item${index}` },
    )
    if (index % 2 === 0) {
      app.get(
        `/r${index}/items/{item_id}`,
        { path: { item_id: t.Integer() }, query: { q: t.Optional(t.String()) }, response: Item },
        () => ({ id: 1, name: 'x', price: 1, tags: [] }),
      )
    } else {
      app.post(`/r${index}/items`, { body: Item, response: Item, status: 201 }, ({ body }) => body)
    }
  }
  return app
}

/** The same `calls` calls whatever the size, each narrowing the response by status. */
function usage(calls: number): string {
  const lines: string[] = []
  for (let index = 0; index < calls; index++) {
    lines.push(
      index % 2 === 0
        ? `  const r${index} = await api.get('/r${index}/items/{item_id}', { path: { item_id: 1 }, query: { q: 'a' } })\n  if (r${index}.status === 200) total += r${index}.data.price`
        : `  const r${index} = await api.post('/r${index}/items', { body: { id: 1, name: 'n', price: 2, tags: [] } })\n  if (r${index}.status === 201) total += r${index}.data.id`,
    )
  }
  return `import { apiClient } from './api.ts'\n\nexport async function main(): Promise<number> {\n  const api = apiClient({ baseUrl: 'http://127.0.0.1:8000' })\n  let total = 0\n${lines.join('\n')}\n  return total\n}\n`
}

const TSCONFIG = {
  compilerOptions: {
    target: 'es2023',
    lib: ['es2023', 'dom'],
    module: 'nodenext',
    moduleResolution: 'nodenext',
    strict: true,
    noEmit: true,
    allowImportingTsExtensions: true,
    skipLibCheck: true,
    types: [],
  },
  include: ['*.ts'],
}

/** What tsc reports for one size. */
export interface TypeCost {
  lines: number
  types: number
  instantiations: number
  memoryKB: number
  checkSeconds: number
}

/**
 * @example
 * measureClientTypes(200, 10).instantiations
 */
export function measureClientTypes(routes: number, calls: number): TypeCost {
  const dir = mkdtempSync(join(tmpdir(), 'wharf-client-types-'))
  try {
    const runtime = here('../../dist/client.js')
    writeFileSync(join(dir, 'api.ts'), generateClient(appOf(routes).openapi() as never, { runtime }))
    if (calls > 0) writeFileSync(join(dir, 'main.ts'), usage(calls))
    writeFileSync(join(dir, 'tsconfig.json'), JSON.stringify(TSCONFIG))
    const out = execFileSync(process.execPath, [TSC, '-p', dir, '--extendedDiagnostics'], {
      encoding: 'utf8',
    })
    const figure = (name: string) =>
      Number.parseFloat(new RegExp(`^${name}:\\s+(\\S+)`, 'm').exec(out)?.[1] ?? 'NaN')
    return {
      lines: figure('Lines'),
      types: figure('Types'),
      instantiations: figure('Instantiations'),
      memoryKB: figure('Memory used'),
      checkSeconds: figure('Check time'),
    }
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}
