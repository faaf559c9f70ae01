import { writeFileSync } from 'node:fs'
import { loadEnvFile } from './env-file.ts'
import { loadApp, resolveTarget } from './load-app.ts'
import { type CommandSpec, helpText, integerOption, parseCommand } from './options.ts'

/** `wharf openapi`: its options and `--help`. */
export const openapiCommand: CommandSpec = {
  name: 'openapi',
  summary: "print the app's OpenAPI document",
  usage: 'wharf openapi [file[:export]] [options]',
  description:
    "Prints the app's OpenAPI 3.1 document (what it serves at /openapi.json) as JSON, without serving.\nUseful in CI to commit, diff or lint the API description, or to generate clients.",
  options: [
    {
      name: 'output',
      short: 'o',
      type: 'string',
      value: 'FILE',
      help: 'Write the document to FILE instead of stdout.',
    },
    {
      name: 'indent',
      type: 'string',
      value: 'N',
      help: 'Spaces of indentation; 0 prints one line.',
      defaultText: '2',
    },
    {
      name: 'env-file',
      type: 'string',
      value: 'FILE',
      help: 'Load environment variables from this .env file before the app is imported.',
    },
  ],
}

/**
 * Runs `wharf openapi`.
 *
 * @example
 * await openapi(['app.ts', '--output', 'openapi.json'])
 */
export async function openapi(argv: string[]): Promise<number> {
  const parsed = parseCommand(openapiCommand, argv, 1)
  if (parsed.values.help) {
    process.stdout.write(helpText(openapiCommand))
    return 0
  }
  const indent = integerOption('indent', (parsed.values.indent as string | undefined) ?? '2', 0, 10)
  const target = resolveTarget(parsed.positionals[0])
  loadEnvFile(parsed.values['env-file'] as string | undefined)
  process.env.WHARF_LOG_LEVEL ??= 'silent' // the document is the output; app logs would corrupt it
  const app = await loadApp(target)
  const text = `${JSON.stringify(app.openapi(), null, indent)}\n`
  const output = parsed.values.output as string | undefined
  if (output === undefined) process.stdout.write(text)
  else writeFileSync(output, text)
  return 0
}
