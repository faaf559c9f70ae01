type AnyGenerator = AsyncGenerator<unknown, unknown, unknown> | Generator<unknown, unknown, unknown>

/** True for the object an (async) generator function returns. */
export function isGenerator(value: unknown): value is AnyGenerator {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as AnyGenerator).next === 'function' &&
    typeof (value as AnyGenerator).throw === 'function' &&
    (Symbol.asyncIterator in value || Symbol.iterator in value)
  )
}

/** A generator dependency waiting at its `yield` for its teardown. */
export interface OpenGenerator {
  generator: AnyGenerator
  name: string
}

/**
 * Resumes a generator after its `yield`: normally, or by throwing `error` into it at the `yield`.
 * Resolves when its teardown completed; rejects with whatever the teardown threw (the same error
 * re-thrown, or a new one).
 */
export async function closeGenerator(open: OpenGenerator, error: unknown, failed: boolean): Promise<void> {
  if (failed) await open.generator.throw(error)
  else await open.generator.next()
}
