/**
 * Type-check cost of a generated client as the API grows: for apps of N routes (default 20 and 200),
 * `wharf client`'s generator writes api.ts, a user file makes the same calls (default 10), and
 * `tsc --extendedDiagnostics` (the repo's TypeScript) reports instantiations, types and check time.
 * The client's types are lookups in a written-out interface, so instantiations do not move with N
 * (the editor re-checks the calls, never the server). test/client/type-cost.test.ts keeps it so.
 *
 * Run: `npm run build && node bench/client-types.ts [routes...]` (CALLS=n for another number of calls).
 * Results: bench/CLIENT-TYPES.md.
 */
import { measureClientTypes } from './client-types/measure.ts'

const calls = Number(process.env.CALLS ?? 10)
const sizes = process.argv.slice(2).map(Number)

console.log(`${calls} calls\n`)
console.log('| routes | lines checked | types | instantiations | memory | check time |')
console.log('|---:|---:|---:|---:|---:|---:|')
for (const routes of sizes.length > 0 ? sizes : [20, 200]) {
  const cost = measureClientTypes(routes, calls)
  console.log(
    `| ${routes} | ${cost.lines} | ${cost.types} | ${cost.instantiations} | ${Math.round(cost.memoryKB / 1024)} MB | ${cost.checkSeconds.toFixed(3)} s |`,
  )
}
