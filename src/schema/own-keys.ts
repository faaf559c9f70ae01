const listed = new WeakMap<object, string[]>()

/**
 * `Object.keys(value)`, listed once per object on the error path. Listing the keys of a 100,000-key
 * object costs tens of milliseconds; explaining why a body is invalid (the error sample) and echoing it
 * (the 422's `input` summary) both need them, so they share one listing. Only for values nothing
 * mutates any more (a rejected request's input).
 *
 * @example
 * ownKeys({ a: 1, b: 2 }) // ['a', 'b']
 */
export function ownKeys(value: object): string[] {
  let keys = listed.get(value)
  if (keys === undefined) listed.set(value, (keys = Object.keys(value)))
  return keys
}
