/**
 * Writes a user's project with a generated Wharf app (`routes` routes: path, query and body schemas,
 * single and per-status response schemas, dependencies, routers), importing `wharfjs` the way users
 * do: from the package's built `dist/` declarations, through `node_modules/wharfjs`.
 *
 * Some routes carry a deliberate type error under `// @ts-expect-error`, so that a clean `tsc` run
 * proves the types still catch those mistakes (an unused directive is itself an error).
 */
import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { routesOfResource } from './routes.ts'

/** Routes per resource (list, get, create, update, delete); `routes` must be a multiple of it. */
export const ROUTES_PER_RESOURCE = 5
/** Resources per router file. */
const RESOURCES_PER_ROUTER = 5

export interface GeneratedProject {
  dir: string
  routes: number
  /** How many `@ts-expect-error` lines the project holds (each must be reported by tsc). */
  expectedErrors: number
}

/**
 * Generates the project into `dir` (created if needed). `repo` is the Wharf checkout whose `dist/`
 * and `node_modules/@types` the project links to.
 */
export function generateProject(dir: string, repo: string, routes: number): GeneratedProject {
  if (routes <= 0 || routes % ROUTES_PER_RESOURCE !== 0)
    throw new RangeError(`routes must be a positive multiple of ${ROUTES_PER_RESOURCE}`)
  mkdirSync(join(dir, 'src'), { recursive: true })
  mkdirSync(join(dir, 'node_modules'), { recursive: true })
  symlinkSync(repo, join(dir, 'node_modules', 'wharfjs'), 'dir')
  symlinkSync(join(repo, 'node_modules', '@types'), join(dir, 'node_modules', '@types'), 'dir')
  writeFileSync(join(dir, 'package.json'), `${JSON.stringify({ name: 'types-bench', type: 'module' })}\n`)
  writeFileSync(join(dir, 'tsconfig.json'), `${JSON.stringify(userTsconfig, null, 2)}\n`)
  writeFileSync(join(dir, 'src', 'deps.ts'), depsModule)

  const resources = routes / ROUTES_PER_RESOURCE
  const routers = Math.ceil(resources / RESOURCES_PER_ROUTER)
  let expectedErrors = 0
  for (let router = 0; router < routers; router++) {
    const first = router * RESOURCES_PER_ROUTER
    const last = Math.min(first + RESOURCES_PER_ROUTER, resources)
    const bodies: string[] = []
    for (let resource = first; resource < last; resource++) {
      const generated = routesOfResource(resource, RESOURCES_PER_ROUTER)
      bodies.push(generated.code)
      expectedErrors += generated.errors
    }
    writeFileSync(join(dir, 'src', `router${router}.ts`), routerModule(router, bodies))
  }
  writeFileSync(join(dir, 'src', 'app.ts'), appModule(routers))
  return { dir, routes, expectedErrors }
}

/** What `tsc --init` gives a Node project today, strict, with the libraries' declarations skipped. */
const userTsconfig = {
  compilerOptions: {
    target: 'es2023',
    module: 'nodenext',
    moduleResolution: 'nodenext',
    strict: true,
    skipLibCheck: true,
    types: ['node'],
    noEmit: true,
  },
  include: ['src'],
}

const depsModule = `import { Depends, HTTPException, t } from 'wharfjs'

export interface Db {
  find(table: string, id: number): Promise<Record<string, unknown> | undefined>
  save(table: string, row: Record<string, unknown>): Promise<number>
}

export const db = Depends(
  async function* database() {
    const rows = new Map<string, Record<string, unknown>>()
    const connection: Db = {
      find: async (table, id) => rows.get(\`\${table}/\${id}\`),
      save: async (table, row) => {
        rows.set(\`\${table}/\${rows.size}\`, row)
        return rows.size
      },
    }
    yield connection
  },
  { scope: 'app' },
)

export const currentUser = Depends(
  { headers: { authorization: t.String() }, deps: { db } },
  async ({ headers, deps }) => {
    const row = await deps.db.find('users', headers.authorization.length)
    if (!row) throw new HTTPException(401, 'Not authenticated')
    return { id: headers.authorization.length, name: headers.authorization, admin: row.admin === true }
  },
)

export const pagination = Depends(
  { query: { page: t.Integer({ minimum: 1, default: 1 }), size: t.Integer({ maximum: 100, default: 20 }) } },
  ({ query }) => ({ offset: (query.page - 1) * query.size, limit: query.size }),
)

export const NotFound = t.Object({ detail: t.String() })
`

function routerModule(index: number, resources: string[]): string {
  return `import { HTTPException, HTTPResponse, json, Router, t } from 'wharfjs'
import { currentUser, db, NotFound, pagination } from './deps.js'

export const router${index} = new Router({ prefix: '/r${index}', tags: ['r${index}'], deps: { user: currentUser } })

${resources.join('\n')}`
}

function appModule(routers: number): string {
  const indexes = Array.from({ length: routers }, (_, i) => i)
  return `import { App } from 'wharfjs'
import { db } from './deps.js'
${indexes.map((i) => `import { router${i} } from './router${i}.js'`).join('\n')}

export const app = new App({ title: 'types bench', deps: { db } })
${indexes.map((i) => `app.include(router${i})`).join('\n')}
`
}
