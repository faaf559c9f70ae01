/**
 * Runs `tsc --extendedDiagnostics --noEmit` on a project and reads its figures. The instantiation
 * count is deterministic (same code, same compiler, same number), so it is what a test can budget;
 * times and memory vary with the machine and are only reported.
 */
import { spawnSync } from 'node:child_process'
import { join } from 'node:path'

/** The compilers measured: TypeScript 7 (the `typescript` devDependency) and 5.9 (`typescript5`). */
export const COMPILERS = {
  'TS 7': 'typescript',
  'TS 5.9': 'typescript5',
} as const

export type CompilerName = keyof typeof COMPILERS

export interface TypeCheckFigures {
  compiler: CompilerName
  instantiations: number
  checkSeconds: number
  memoryMB: number
  /** Every error tsc reported (`file(line,col): error TS…`); empty when the project type-checks. */
  errors: string[]
}

/** Type-checks the project in `dir` with `compiler` from the checkout `repo`. */
export function measureTypeCheck(repo: string, dir: string, compiler: CompilerName): TypeCheckFigures {
  const tsc = join(repo, 'node_modules', COMPILERS[compiler], 'bin', 'tsc')
  const run = spawnSync(
    process.execPath,
    [tsc, '-p', dir, '--noEmit', '--extendedDiagnostics', '--pretty', 'false'],
    {
      cwd: dir,
      encoding: 'utf8',
      timeout: 300_000,
      maxBuffer: 64 * 1024 * 1024,
    },
  )
  if (run.error) throw run.error
  const output = `${run.stdout}\n${run.stderr}`
  const figure = (label: string): number => {
    const match = output.match(new RegExp(`^${label}:\\s+([\\d.]+)`, 'm'))
    if (!match) throw new Error(`tsc printed no "${label}" figure:\n${output.slice(0, 2000)}`)
    return Number(match[1])
  }
  return {
    compiler,
    instantiations: figure('Instantiations'),
    checkSeconds: figure('Check time'),
    memoryMB: Math.round(figure('Memory used') / 1024),
    errors: output.split('\n').filter((line) => / error TS\d+:/.test(line)),
  }
}
