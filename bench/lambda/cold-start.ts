/**
 * Lambda cold start, measured the way it is felt: from spawning a fresh Node process to the first
 * response of its handler (process start, module loading, app construction, one invocation). Wharf,
 * Hono (hono/aws-lambda) and Fastify (@fastify/aws-lambda) answer the same route; rounds are
 * interleaved and the medians printed. Run with `node bench/lambda/cold-start.ts [rounds]` after
 * `npm run build`.
 */
import { spawn } from 'node:child_process'
import { fileURLToPath } from 'node:url'

const FRAMEWORKS = ['wharf', 'hono', 'fastify'] as const
const rounds = Number(process.argv[2] ?? 15)
const script = fileURLToPath(new URL('./handlers.ts', import.meta.url))

function coldStart(framework: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const started = performance.now()
    const child = spawn(process.execPath, [script, framework], { stdio: ['ignore', 'pipe', 'inherit'] })
    let out = ''
    child.stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString()
      if (!out.includes('\n')) return
      const elapsed = performance.now() - started
      const { status, body } = JSON.parse(out)
      if (status !== 200 || JSON.parse(body).id !== 7) reject(new Error(`${framework} answered ${out}`))
      else resolve(elapsed)
    })
    child.on('exit', (code) => {
      if (!out.includes('\n')) reject(new Error(`${framework} exited ${code} without answering`))
    })
  })
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!
const times = new Map<string, number[]>(FRAMEWORKS.map((name) => [name, []]))
for (let round = 0; round < rounds; round++) {
  for (const framework of FRAMEWORKS) times.get(framework)!.push(await coldStart(framework))
}
const wharf = median(times.get('wharf')!)
console.log(`Lambda cold start, process spawn → first response, median of ${rounds} interleaved rounds`)
console.log('| framework | median ms | min ms | Wharf ÷ it |')
console.log('|---|--:|--:|--:|')
for (const [framework, values] of times) {
  const value = median(values)
  console.log(
    `| ${framework} | ${value.toFixed(0)} | ${Math.min(...values).toFixed(0)} | ${(wharf / value).toFixed(2)} |`,
  )
}
