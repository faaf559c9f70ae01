import { expect, it } from 'vitest'
import { measureClientTypes } from '../../bench/client-types/measure.ts'

it('type-checking calls through a generated client costs the same for 20 and 200 routes', () => {
  const small = measureClientTypes(20, 10)
  const large = measureClientTypes(200, 10)
  // Declaring 10 times more schemas makes more types; instantiating them for each call must not grow.
  expect(large.types).toBeGreaterThan(small.types)
  expect(large.instantiations).toBe(small.instantiations)
}, 60_000)
