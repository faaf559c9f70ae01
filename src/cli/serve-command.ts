import { type AppTarget, resolveTarget } from './load-app.ts'
import { type CommandSpec, helpText, type ParsedCommand, parseCommand } from './options.ts'
import { readServeSettings, type ServeSettings } from './serve-settings.ts'

/** A parsed `dev` or `run` command line: the app to serve and how. */
export interface ServeCommand {
  parsed: ParsedCommand
  target: AppTarget
  settings: ServeSettings
}

/**
 * The first steps `wharf dev` and `wharf run` share: parse the arguments, answer `--help` (returning
 * undefined), find the app file, and read the serving settings.
 *
 * @example
 * const command = readServeCommand(runCommand, 'run', ['app.ts', '--workers', '2'])
 * if (command === undefined) return 0 // --help was printed
 */
export function readServeCommand(
  spec: CommandSpec,
  mode: 'dev' | 'run',
  argv: string[],
): ServeCommand | undefined {
  const parsed = parseCommand(spec, argv, 1)
  if (parsed.values.help) {
    process.stdout.write(helpText(spec))
    return undefined
  }
  const target = resolveTarget(parsed.positionals[0])
  const label = `${target.file}${target.exportName ? `:${target.exportName}` : ''}`
  return { parsed, target, settings: readServeSettings(mode, parsed, label) }
}
