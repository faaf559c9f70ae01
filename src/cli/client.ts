import { writeFileSync } from 'node:fs'
import { generateClient } from '../client/generate.ts'
import { ENV_FILE_OPTION, loadAppForOutput } from './app-output.ts'
import type { CommandSpec } from './options.ts'

/** `wharf client`: its options and `--help`. */
export const clientCommand: CommandSpec = {
  name: 'client',
  summary: 'generate a typed TypeScript client for the app',
  usage: 'wharf client [file[:export]] [options]',
  description:
    "Writes a TypeScript module describing every route (path, parameters, body, the body of each declared\nstatus) from the app's OpenAPI document, with `apiClient({ baseUrl })`, a client on fetch from\n`wharfjs/client`. The types are spelled out, so an editor never re-infers the server.",
  options: [
    {
      name: 'out',
      short: 'o',
      type: 'string',
      value: 'FILE',
      help: 'Write the module to FILE instead of stdout.',
    },
    ENV_FILE_OPTION,
  ],
}

/**
 * Runs `wharf client`.
 *
 * @example
 * await client(['app.ts', '--out', 'api.ts'])
 */
export async function client(argv: string[]): Promise<number> {
  const loaded = await loadAppForOutput(clientCommand, argv)
  if (loaded === undefined) return 0
  const { app, parsed } = loaded
  const text = generateClient(app.openapi())
  const output = parsed.values.out as string | undefined
  if (output === undefined) process.stdout.write(text)
  else writeFileSync(output, text)
  return 0
}
