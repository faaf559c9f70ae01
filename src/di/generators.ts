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
 * An async generator's teardown comes back as a promise (rejected with whatever it threw); a sync
 * generator's runs right here, and throws here. Awaiting only a promise saves a turn per teardown,
 * which every request of a route with a `yield` dependency pays.
 */
export function closeGenerator(open: OpenGenerator, error: unknown, failed: boolean): unknown {
  return failed ? open.generator.throw(error) : open.generator.next()
}
