import type { RouteDefinition } from '../route/types.ts'
import { loadEnvFile } from './env-file.ts'
import { loadApp, resolveTarget } from './load-app.ts'
import { type CommandSpec, helpText, parseCommand } from './options.ts'

/** `wharf routes`: its options and `--help`. */
export const routesCommand: CommandSpec = {
  name: 'routes',
  summary: 'list the routes: method, path, name',
  usage: 'wharf routes [file[:export]] [options]',
  description:
    "Lists the routes the app declares, in the order they match: method, path, and name (the\noperationId, else the handler function's name, else the generated operationId). Docs pages are not listed.",
  options: [
    { name: 'json', type: 'boolean', help: 'Print a JSON array of {method, path, name} instead of a table.' },
    {
      name: 'env-file',
      type: 'string',
      value: 'FILE',
      help: 'Load environment variables from this .env file before the app is imported.',
    },
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
  const parsed = parseCommand(routesCommand, argv, 1)
  if (parsed.values.help) {
    process.stdout.write(helpText(routesCommand))
    return 0
  }
  const target = resolveTarget(parsed.positionals[0])
  loadEnvFile(parsed.values['env-file'] as string | undefined)
  process.env.WHARF_LOG_LEVEL ??= 'silent' // the listing is the output; app logs would mix in
  const app = await loadApp(target)
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
