import type { App } from '../app.ts'
import { loadEnvFile } from './env-file.ts'
import { loadApp, resolveTarget } from './load-app.ts'
import { type CommandSpec, helpText, type OptionSpec, type ParsedCommand, parseCommand } from './options.ts'

/** `--env-file`, as the commands that import the app without serving it (openapi, routes, client) offer it. */
export const ENV_FILE_OPTION: OptionSpec = {
  name: 'env-file',
  type: 'string',
  value: 'FILE',
  help: 'Load environment variables from this .env file before the app is imported.',
}

/**
 * The first steps of a command whose output is about the app (a document, a table, a client): parse
 * the arguments, print `--help` (then resolves to undefined), load the env file, and import the app
 * with its logging silenced (unless WHARF_LOG_LEVEL says otherwise) so that the output stays clean.
 *
 * @example
 * const loaded = await loadAppForOutput(routesCommand, argv)
 * if (loaded === undefined) return 0
 */
export async function loadAppForOutput(
  spec: CommandSpec,
  argv: string[],
): Promise<{ app: App<any, any>; parsed: ParsedCommand } | undefined> {
  const parsed = parseCommand(spec, argv, 1)
  if (parsed.values.help) {
    process.stdout.write(helpText(spec))
    return undefined
  }
  const target = resolveTarget(parsed.positionals[0])
  loadEnvFile(parsed.values['env-file'] as string | undefined)
  process.env.WHARF_LOG_LEVEL ??= 'silent'
  return { app: await loadApp(target), parsed }
}
