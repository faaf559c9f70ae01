import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { runtimeImports, unitCycles, unitOf } from './import-graph.ts'

// What may import what, as ARCHITECTURE.md writes it down. Only runtime imports count: `import type`
// is erased. A unit is a folder of src/, or a file at its root.
const SRC = fileURLToPath(new URL('../../src/', import.meta.url))
const edges = runtimeImports(SRC)

/** The core: knows no server, no adapter, no outbound client, no command line. */
const CORE = [
  'background.ts',
  'context.ts',
  'di/',
  'errors.ts',
  'exception-handlers.ts',
  'drain.ts',
  'exchange.ts',
  'files/',
  'lifecycle.ts',
  'log-context.ts',
  'logging.ts',
  'on-first-use.ts',
  'params/',
  'request.ts',
  'response.ts',
  'response-body.ts',
  'route/',
  'router.ts',
  'schema/',
  'web-response.ts',
]
const EDGES_OF_THE_HOUSE = ['server/', 'websocket/', 'http/', 'cli/', 'app.ts', 'testing.ts', 'index.ts']

/** Units each unit must never import at runtime. */
const FORBIDDEN: Record<string, string[]> = {
  ...Object.fromEntries(
    CORE.map((unit) => [
      unit,
      [
        ...EDGES_OF_THE_HOUSE,
        'pipeline/',
        'middleware/',
        'openapi/',
        'security/',
        'static/',
        'observability/',
      ],
    ]),
  ),
  'pipeline/': [...EDGES_OF_THE_HOUSE, 'middleware/', 'openapi/', 'security/', 'static/', 'observability/'],
  // Metrics, tracing and health watch the pipeline through its hooks; they may instrument the outbound
  // client (diagnostics channels), and nothing below them imports them.
  'observability/': [
    'server/',
    'websocket/',
    'cli/',
    'app.ts',
    'testing.ts',
    'index.ts',
    'middleware/',
    'openapi/',
    'security/',
  ],
  'middleware/': [...EDGES_OF_THE_HOUSE, 'openapi/', 'security/', 'static/'],
  'static/': [...EDGES_OF_THE_HOUSE, 'pipeline/', 'openapi/', 'security/'],
  'openapi/': [...EDGES_OF_THE_HOUSE, 'pipeline/', 'middleware/', 'security/'],
  'security/': [...EDGES_OF_THE_HOUSE, 'pipeline/', 'middleware/', 'openapi/'],
  'websocket/': ['server/', 'http/', 'cli/', 'app.ts', 'testing.ts', 'index.ts', 'middleware/'],
  'server/': ['http/', 'cli/', 'app.ts', 'testing.ts', 'index.ts'],
  // The typed client runs in browsers and other services: it stands on its own.
  'client/': [...CORE, ...EDGES_OF_THE_HOUSE, 'pipeline/', 'middleware/', 'openapi/', 'security/', 'static/'],
  // The outbound client stands on its own: only the core's error marker and response helpers (to pass
  // an upstream's stream through as a route's response).
  'http/': [
    ...CORE.filter((unit) => unit !== 'errors.ts' && unit !== 'response.ts'),
    ...EDGES_OF_THE_HOUSE,
    'pipeline/',
    'server/',
  ],
}

describe('the import graph of src/', () => {
  it('reads real imports (the check cannot pass on an empty graph)', () => {
    expect(edges.length).toBeGreaterThan(100)
    expect(edges).toContainEqual({ from: 'app.ts', to: 'pipeline/pipeline.ts' })
  })

  it('has no runtime import cycle between folders and root files', () => {
    expect(unitCycles(edges)).toEqual([])
  })

  it('finds a cycle when there is one (the check itself works)', () => {
    const cycle = [
      { from: 'route/plan.ts', to: 'server/file.ts' },
      { from: 'server/node.ts', to: 'websocket/server.ts' },
      { from: 'websocket/routes.ts', to: 'route/plan.ts' },
    ]
    expect(unitCycles(cycle)).toEqual([['route/', 'server/', 'websocket/']])
  })

  it('keeps each layer to what ARCHITECTURE.md allows it to import', () => {
    const broken = edges
      .filter(({ from, to }) => unitOf(from) !== unitOf(to) && FORBIDDEN[unitOf(from)]?.includes(unitOf(to)))
      .map(({ from, to }) => `${from} → ${to}`)
    expect(broken).toEqual([])
  })
})
