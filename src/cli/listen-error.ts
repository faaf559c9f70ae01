import { CommandError } from './usage-error.ts'

/**
 * The sentence for a socket that could not be bound (port in use, no permission, not an address
 * here); other errors are returned as they are.
 *
 * @example
 * throw explainListenError(error, settings)
 */
export function explainListenError(
  error: NodeJS.ErrnoException,
  settings: { host: string; port: number },
): Error {
  const where = `${settings.host}:${settings.port}`
  if (error.code === 'EADDRINUSE') return new CommandError(`${where} is already in use; pick another --port`)
  if (error.code === 'EACCES')
    return new CommandError(`not allowed to listen on ${where} (ports below 1024 need privileges)`)
  if (error.code === 'EADDRNOTAVAIL')
    return new CommandError(`${settings.host} is not an address of this machine`)
  return error
}
