import { describe, expect, it } from 'vitest'
import { negotiateEncoding } from '../../src/middleware/accept-encoding.ts'
import { addVary } from '../../src/middleware/vary.ts'

describe('addVary', () => {
  it('sets, appends, and never names a field twice (case-insensitively, or under *)', () => {
    const cases: [string | string[] | undefined, string | string[]][] = [
      [undefined, 'Origin'],
      ['', 'Origin'],
      ['Accept-Encoding', 'Accept-Encoding, Origin'],
      ['accept-encoding, origin', 'accept-encoding, origin'],
      ['*', '*'],
      [['Accept', 'Cookie'], 'Accept, Cookie, Origin'],
    ]
    for (const [before, after] of cases) {
      const headers: Record<string, string | string[]> = before === undefined ? {} : { vary: before }
      addVary(headers, 'Origin')
      expect([before, headers.vary]).toEqual([before, after])
    }
  })
})

describe('negotiateEncoding', () => {
  const cases: [string | undefined, ('br' | 'gzip')[], string | undefined][] = [
    [undefined, ['gzip'], undefined],
    ['', ['gzip'], undefined],
    ['gzip', ['gzip'], 'gzip'],
    ['deflate, gzip;q=0.1', ['gzip'], 'gzip'],
    ['gzip;q=0', ['gzip'], undefined],
    ['gzip; q=0.000', ['gzip'], undefined],
    ['*', ['gzip'], 'gzip'],
    ['*;q=0, br', ['br', 'gzip'], 'br'],
    ['*, gzip;q=0', ['gzip'], undefined],
    ['identity', ['gzip'], undefined],
    ['x-gzip', ['gzip'], undefined],
    ['gzip, br', ['br', 'gzip'], 'br'],
    ['br;q=0.8, gzip', ['br', 'gzip'], 'gzip'],
    ['br', ['gzip'], undefined],
    ['gzip;q=nonsense', ['gzip'], undefined],
  ]
  it.each(cases)('%j offered %j → %s', (header, offered, expected) => {
    expect(negotiateEncoding(header, offered)).toBe(expected)
  })
})
