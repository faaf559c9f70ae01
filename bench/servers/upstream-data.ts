/** The ~1 KB JSON document the upstream serves and every proxy server must return unchanged. */
export const UPSTREAM_DATA = {
  source: 'upstream',
  version: 1,
  items: Array.from({ length: 16 }, (_, index) => ({
    id: index + 1,
    name: `Item number ${index + 1}`,
    price: Math.round((index + 1) * 3.75 * 100) / 100,
    inStock: index % 3 !== 0,
  })),
}
