import { BlockList, isIP } from 'node:net'

/**
 * The proxies whose `X-Forwarded-For` / `X-Forwarded-Proto` headers are believed (uvicorn's
 * `--forwarded-allow-ips`). Anyone can send those headers: they are only read when the connection
 * itself comes from one of these addresses, otherwise a client could claim any IP or scheme.
 *
 * @example
 * const proxies = TrustedProxies.parse('127.0.0.1, 10.0.0.0/8')
 * proxies.trusts('10.1.2.3') // true
 */
export class TrustedProxies {
  private constructor(
    private readonly list: BlockList,
    private readonly everyone: boolean,
  ) {}

  /**
   * Parses a comma-separated list of IPs and CIDR ranges, or `*` for every peer (only behind a proxy
   * that is the sole way in). Throws a `TypeError` naming the first entry that is neither.
   */
  static parse(spec: string): TrustedProxies {
    const list = new BlockList()
    let everyone = false
    for (const raw of spec.split(',')) {
      const entry = raw.trim()
      if (entry === '') continue
      if (entry === '*') {
        everyone = true
        continue
      }
      const [address = '', prefix] = entry.split('/')
      const family = isIP(address)
      if (family === 0) throw new TypeError(`"${entry}" is not an IP address or CIDR range`)
      const type = family === 4 ? 'ipv4' : 'ipv6'
      if (prefix === undefined) {
        list.addAddress(address, type)
        continue
      }
      const bits = Number(prefix)
      if (!/^\d+$/.test(prefix) || bits > (family === 4 ? 32 : 128)) {
        throw new TypeError(`"${entry}" has an invalid prefix length`)
      }
      list.addSubnet(address, bits, type)
    }
    return new TrustedProxies(list, everyone)
  }

  /** True when `address` (as the socket reports it, IPv4-mapped IPv6 included) is a trusted proxy. */
  trusts(address: string | undefined): boolean {
    if (address === undefined) return false
    if (this.everyone) return true
    const plain = unmapIPv4(address)
    const family = isIP(plain)
    if (family === 0) return false
    return this.list.check(plain, family === 4 ? 'ipv4' : 'ipv6')
  }

  /**
   * The client's address from an `X-Forwarded-For` chain: walking from the nearest hop, the first
   * address that is not a trusted proxy (what uvicorn does). When every hop is trusted, the farthest.
   */
  clientFrom(forwardedFor: string, peer: string | undefined): string | undefined {
    const hops = forwardedFor.split(',')
    for (let index = hops.length - 1; index >= 0; index--) {
      const hop = hops[index]!.trim()
      if (hop !== '' && !this.trusts(hop)) return hop
    }
    return hops[0]?.trim() || peer
  }
}

/** `::ffff:127.0.0.1` (how a dual-stack socket reports IPv4 peers) → `127.0.0.1`. */
function unmapIPv4(address: string): string {
  return address.startsWith('::ffff:') && address.includes('.') ? address.slice(7) : address
}

/**
 * The first value of a possibly comma-joined header (proxies append: `https, http`), lower-cased.
 *
 * @example
 * firstHeaderValue('HTTPS, http') // 'https'
 */
export function firstHeaderValue(value: string | string[] | undefined): string | undefined {
  const text = Array.isArray(value) ? value[0] : value
  if (text === undefined) return undefined
  const comma = text.indexOf(',')
  return (comma === -1 ? text : text.slice(0, comma)).trim().toLowerCase() || undefined
}
