/**
 * What Wharf's types cost a user: a generated 200-route app (bench/types/) type-checked with
 * TypeScript 7 against the built `dist/` declarations (npm test builds them first). The number of
 * type instantiations is deterministic, so a change that makes route typing expensive again fails
 * here, whatever the machine's speed. bench/TYPES.md has the figures and how to measure by hand.
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterAll, describe, expect, it } from 'vitest'
import { generateProject } from '../../bench/types/generate.ts'
import { measureTypeCheck } from '../../bench/types/measure.ts'

/** Issue 10's goal for the 200-route app on TypeScript 7 (5.1 M before `NoInfer`, 213 k after). */
const INSTANTIATION_BUDGET = 250_000

const repo = fileURLToPath(new URL('../..', import.meta.url))
const dir = mkdtempSync(join(tmpdir(), 'wharf-type-budget-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

describe('type cost of a 200-route user app (TypeScript 7)', () => {
  it('stays within the instantiation budget and still reports every deliberate mistake', () => {
    const project = generateProject(dir, repo, 200)
    const figures = measureTypeCheck(repo, dir, 'TS 7')
    // Each mistake sits under `@ts-expect-error`: one that is no longer reported is an error itself.
    expect(project.expectedErrors).toBe(14)
    expect(figures.errors).toEqual([])
    expect(figures.instantiations).toBeGreaterThan(10_000)
    expect(figures.instantiations).toBeLessThanOrEqual(INSTANTIATION_BUDGET)
  }, 120_000)
})
