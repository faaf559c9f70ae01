/**
 * Checks a server's answers before it is measured: the exact status and JSON body of each scenario's
 * request, and the refusal of invalid input. A server that differs fails the run loudly.
 */
import { isDeepStrictEqual } from 'node:util'
import type { Expected, ProbeRequest, Scenario } from './scenarios.ts'

interface Answer {
  status: number
  contentType: string
  text: string
  elapsedMs: number
}

async function probe(url: string, request: ProbeRequest): Promise<Answer> {
  const started = performance.now()
  const init: RequestInit = { method: request.method, signal: AbortSignal.timeout(5_000) }
  if (request.headers) init.headers = request.headers
  if (request.body !== undefined) init.body = request.body
  const res = await fetch(url + request.path, init)
  const text = await res.text()
  return {
    status: res.status,
    contentType: res.headers.get('content-type') ?? '',
    text,
    elapsedMs: performance.now() - started,
  }
}

function mismatch(answer: Answer, expected: Expected): string | undefined {
  if (answer.status !== expected.status) return `status ${answer.status}, expected ${expected.status}`
  if (!answer.contentType.startsWith('application/json')) return `content-type "${answer.contentType}"`
  if (expected.body === undefined) return undefined
  let body: unknown
  try {
    body = JSON.parse(answer.text)
  } catch {
    return 'a body that is not JSON'
  }
  return isDeepStrictEqual(body, expected.body) ? undefined : `body ${answer.text}`
}

/** The problems found with `server` on `scenario`; empty when it answers exactly as expected. */
export async function verifyScenario(server: string, url: string, scenario: Scenario): Promise<string[]> {
  const checks = [
    { request: scenario.request, expected: scenario.expected },
    ...scenario.invalid.map(({ request, expected }) => ({ request, expected })),
  ]
  const problems: string[] = []
  for (const { request, expected } of checks) {
    const where = `${server} ${request.method} ${request.path}`
    try {
      const answer = await probe(url, request)
      const problem = mismatch(answer, expected)
      if (problem) problems.push(`${where}: ${problem}`)
      else if (scenario.minLatencyMs && answer.elapsedMs < scenario.minLatencyMs)
        problems.push(`${where}: answered in ${answer.elapsedMs.toFixed(0)} ms, expected ≥ 1 s`)
    } catch (error) {
      problems.push(`${where}: ${(error as Error).message}`)
    }
  }
  return problems
}
