import type { RouteDefinition } from '../route/types.ts'
import { ENV_FILE_OPTION, loadAppForOutput } from './app-output.ts'
import type { CommandSpec } from './options.ts'

/** `wharf routes`: its options and `--help`. */
export const routesCommand: CommandSpec = {
  name: 'routes',
  summary: 'list the routes: method, path, name',
  usage: 'wharf routes [file[:export]] [options]',
  description:
    "Lists the routes the app declares, in the order they match: method, path, and name (the\noperationId, else the handler function's name, else the generated operationId). Docs pages are not listed.",
  options: [
    { name: 'json', type: 'boolean', help: 'Print a JSON array of {method, path, name} instead of a table.' },
    ENV_FILE_OPTION,
  ],
}

type Operations = Record<string, Record<string, { operationId?: string } | undefined> | undefined>

/** The name a route is known by: its own operationId, its handler's name, or the generated operationId. */
function routeName(route: RouteDefinition, operations: Operations): string {
  const generated = operations[route.path]?.[route.method.toLowerCase()]?.operationId
  return route.options.operationId ?? (route.handler.name || generated || '-')
}

/**
 * Runs `wharf routes`.
 *
 * @example
 * await routes(['examples/seed/app.ts']) // GET  /  -
 */
export async function routes(argv: string[]): Promise<number> {
  const loaded = await loadAppForOutput(routesCommand, argv)
  if (loaded === undefined) return 0
  const { app, parsed } = loaded
  const operations = (app.openapi().paths ?? {}) as Operations
  const rows = app.routes.map((route) => ({
    method: route.method,
    path: route.path,
    name: routeName(route, operations),
  }))
  if (parsed.values.json) {
    process.stdout.write(`${JSON.stringify(rows, null, 2)}\n`)
    return 0
  }
  const table = [{ method: 'METHOD', path: 'PATH', name: 'NAME' }, ...rows]
  const methodWidth = Math.max(...table.map((row) => row.method.length)) + 2
  const pathWidth = Math.max(...table.map((row) => row.path.length)) + 2
  const lines = table.map(
    (row) => `${row.method.padEnd(methodWidth)}${row.path.padEnd(pathWidth)}${row.name}`,
  )
  process.stdout.write(`${lines.join('\n')}\n`)
  return 0
}
