/**
 * The host name of a `Host` header value, without the port: `example.com:8000` → `example.com`,
 * `[::1]:8000` → `::1`. A bracket not followed by a port or nothing is not IPv6: the whole value
 * is returned, as Starlette does.
 */
export function hostName(hostHeader: string): string {
  if (hostHeader.startsWith('[')) {
    const end = hostHeader.indexOf(']')
    if (end === -1) return hostHeader
    const rest = hostHeader.slice(end + 1)
    return rest === '' || rest.startsWith(':') ? hostHeader.slice(1, end) : hostHeader
  }
  const colon = hostHeader.indexOf(':')
  return colon === -1 ? hostHeader : hostHeader.slice(0, colon)
}

/** The port of a `Host` header value, or undefined when none is given. */
export function hostPort(hostHeader: string): string | undefined {
  const afterBracket = hostHeader.startsWith('[') ? hostHeader.indexOf(']') + 1 : 0
  const colon = hostHeader.indexOf(':', afterBracket)
  return colon === -1 ? undefined : hostHeader.slice(colon + 1)
}
