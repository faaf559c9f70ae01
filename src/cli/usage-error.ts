/**
 * A mistake in how the command was called (unknown option, bad value, missing file). `main` prints
 * its message and a hint to `--help`, and exits with code 2, like other Unix tools.
 *
 * @example
 * throw new UsageError('--port must be an integer from 0 to 65535, got "http"')
 */
export class UsageError extends Error {
  override name = 'UsageError'
}

/**
 * A failure the command explains in one sentence (port in use, unsupported Node): printed without a
 * stack trace, exit code 1.
 *
 * @example
 * throw new CommandError('127.0.0.1:8000 is already in use; pick another --port')
 */
export class CommandError extends Error {
  override name = 'CommandError'
}

/**
 * The text `wharf` prints for an error that ends a command: the sentence of a `UsageError` or
 * `CommandError`, else the stack.
 *
 * @example
 * process.stderr.write(`${describeError(error)}\n`)
 */
export function describeError(error: unknown): string {
  if (error instanceof UsageError || error instanceof CommandError) return `Error: ${error.message}`
  return error instanceof Error ? (error.stack ?? String(error)) : String(error)
}
