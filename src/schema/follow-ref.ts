import type { JsonSchema } from './compile.ts'

/**
 * The schema a local `$ref` (`#/$defs/Item`) points at, following chains of them (at most 16, so a
 * reference to itself cannot loop); any other schema as it is.
 *
 * @example
 * followRef({ $ref: '#/$defs/Item' }, root) // root.$defs.Item
 */
export function followRef(schema: JsonSchema | undefined, root: JsonSchema): JsonSchema | undefined {
  let current = schema
  for (
    let hops = 0;
    hops < 16 && typeof current?.$ref === 'string' && current.$ref.startsWith('#/');
    hops++
  ) {
    current = current.$ref
      .slice(2)
      .split('/')
      .reduce<any>((node, key) => node?.[key.replaceAll('~1', '/').replaceAll('~0', '~')], root)
  }
  return current
}
