/**
 * `npm run bench:types [routes]`: generates a user's project with a 200-route Wharf app (see
 * bench/types/generate.ts), type-checks it with TypeScript 7 and 5.9 against the built `dist/`
 * declarations, and prints type instantiations, check time and memory. See bench/TYPES.md.
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { generateProject } from './types/generate.ts'
import { COMPILERS, type CompilerName, measureTypeCheck } from './types/measure.ts'

const repo = fileURLToPath(new URL('..', import.meta.url))
const routes = Number(process.argv[2] ?? 200)
const dir = mkdtempSync(join(tmpdir(), 'wharf-types-'))
try {
  const project = generateProject(dir, repo, routes)
  console.log(`${routes} routes, ${project.expectedErrors} deliberate type errors (@ts-expect-error)\n`)
  console.log('| Compiler | Instantiations | Check time | Memory | Unexpected errors |')
  console.log('|---|---:|---:|---:|---:|')
  for (const compiler of Object.keys(COMPILERS) as CompilerName[]) {
    const figures = measureTypeCheck(repo, dir, compiler)
    console.log(
      `| ${compiler} | ${figures.instantiations.toLocaleString('en-US')} | ${figures.checkSeconds.toFixed(2)} s | ${figures.memoryMB} MB | ${figures.errors.length} |`,
    )
    for (const error of figures.errors.slice(0, 5)) console.log(`  ${error.slice(0, 400)}`)
  }
} finally {
  rmSync(dir, { recursive: true, force: true })
}
