import { readdirSync, readFileSync } from 'node:fs'
import { dirname, join, normalize, relative } from 'node:path'

/** One runtime import: from which file to which file (both relative to `src/`). */
export interface Edge {
  from: string
  to: string
}

// `import x from`, `import { a } from`, `export { a } from`, `export * from`, side-effect `import '…'`.
// Type-only forms (`import type`, `export type`) are erased at runtime and do not count.
const IMPORT = /^(?:import|export)\s+(?!type\b)(?:[^'"]*?\sfrom\s+)?['"](\.[^'"]+)['"]/gm
const DYNAMIC = /\bimport\(\s*['"](\.[^'"]+)['"]\s*\)/g

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name)
    if (entry.isDirectory()) return sourceFiles(path)
    return entry.name.endsWith('.ts') ? [path] : []
  })
}

/** Every runtime import between files of `srcDir`, read from the source text. */
export function runtimeImports(srcDir: string): Edge[] {
  const edges: Edge[] = []
  for (const file of sourceFiles(srcDir)) {
    const text = readFileSync(file, 'utf8')
    for (const pattern of [IMPORT, DYNAMIC]) {
      for (const match of text.matchAll(pattern)) {
        const target = normalize(join(dirname(file), match[1]!))
        edges.push({ from: relative(srcDir, file), to: relative(srcDir, target) })
      }
    }
  }
  return edges
}

/** The architectural unit of a file: its top folder under `src/`, or the root file itself. */
export function unitOf(file: string): string {
  const slash = file.indexOf('/')
  return slash === -1 ? file : `${file.slice(0, slash)}/`
}

/** Cycles between units (strongly connected components of more than one unit), each as a sorted list. */
export function unitCycles(edges: readonly Edge[]): string[][] {
  const graph = new Map<string, Set<string>>()
  for (const { from, to } of edges) {
    const a = unitOf(from)
    const b = unitOf(to)
    if (!graph.has(a)) graph.set(a, new Set())
    if (!graph.has(b)) graph.set(b, new Set())
    if (a !== b) graph.get(a)!.add(b)
  }
  // Tarjan's algorithm.
  let counter = 0
  const index = new Map<string, number>()
  const low = new Map<string, number>()
  const stack: string[] = []
  const onStack = new Set<string>()
  const components: string[][] = []
  const visit = (node: string) => {
    index.set(node, counter)
    low.set(node, counter)
    counter++
    stack.push(node)
    onStack.add(node)
    for (const next of graph.get(node)!) {
      if (!index.has(next)) {
        visit(next)
        low.set(node, Math.min(low.get(node)!, low.get(next)!))
      } else if (onStack.has(next)) low.set(node, Math.min(low.get(node)!, index.get(next)!))
    }
    if (low.get(node) === index.get(node)) {
      const component: string[] = []
      let member: string
      do {
        member = stack.pop()!
        onStack.delete(member)
        component.push(member)
      } while (member !== node)
      if (component.length > 1) components.push(component.sort())
    }
  }
  for (const node of graph.keys()) if (!index.has(node)) visit(node)
  return components
}
