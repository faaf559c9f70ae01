import { writeFileSync } from 'node:fs'
import { ENV_FILE_OPTION, loadAppForOutput } from './app-output.ts'
import { type CommandSpec, integerOption } from './options.ts'

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
    ENV_FILE_OPTION,
  ],
}

/**
 * Runs `wharf openapi`.
 *
 * @example
 * await openapi(['app.ts', '--output', 'openapi.json'])
 */
export async function openapi(argv: string[]): Promise<number> {
  const loaded = await loadAppForOutput(openapiCommand, argv)
  if (loaded === undefined) return 0
  const { app, parsed } = loaded
  const indent = integerOption('indent', (parsed.values.indent as string | undefined) ?? '2', 0, 10)
  const text = `${JSON.stringify(app.openapi(), null, indent)}\n`
  const output = parsed.values.output as string | undefined
  if (output === undefined) process.stdout.write(text)
  else writeFileSync(output, text)
  return 0
}
