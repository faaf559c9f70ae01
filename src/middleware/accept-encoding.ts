/** The content codings the compression middleware can produce. */
export type Coding = 'br' | 'gzip'

/**
 * The coding to use for a request's `Accept-Encoding`, among `offered` (in the server's order of
 * preference, which breaks ties), or undefined for none. RFC 9110 §12.5.3: a coding the client lists
 * with `q=0` is refused, `*` stands for every coding not listed, and a coding not listed (with no `*`)
 * is not acceptable. Starlette only looks for the substring `gzip` (so it compresses even for
 * `gzip;q=0`); this honours the q-values.
 */
export function negotiateEncoding(
  header: string | undefined,
  offered: readonly Coding[],
): Coding | undefined {
  if (!header) return undefined
  const weights = new Map<string, number>()
  for (const entry of header.split(',')) {
    const [name = '', ...params] = entry.split(';')
    const coding = name.trim().toLowerCase()
    if (coding === '') continue
    let weight = 1
    for (const param of params) {
      const [key, value] = param.split('=')
      if (key?.trim().toLowerCase() === 'q') {
        const parsed = Number(value?.trim())
        weight = Number.isFinite(parsed) ? parsed : 0
      }
    }
    weights.set(coding, weight)
  }
  let best: Coding | undefined
  let bestWeight = 0
  for (const coding of offered) {
    const weight = weights.get(coding) ?? weights.get('*') ?? 0
    if (weight > bestWeight) {
      best = coding
      bestWeight = weight
    }
  }
  return best
}
