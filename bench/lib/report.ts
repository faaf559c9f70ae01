/** The markdown report: one table per scenario, ratios to node:http (and to Fastify where it applies). */

import type { BenchConfig } from './config.ts'
import type { MachineInfo } from './machine.ts'
import type { SleepRow, ThroughputRow } from './results.ts'
import type { Scenario } from './scenarios.ts'
import { median } from './stats.ts'

export const LABELS: Record<string, string> = {
  node: 'node:http',
  wharf: 'Wharf',
  'wharf-logged': 'Wharf, `wharf run` defaults (access log, request ids)',
  fastify: 'Fastify 5',
  hono: 'Hono (@hono/node-server)',
  express: 'Express 5',
}

const PEER_EXTRAS: Record<string, Record<string, string>> = {
  proxy: { node: 'node:http + undici Pool', fastify: 'Fastify 5 + undici Pool', hono: 'Hono + fetch' },
}

function label(scenario: string, server: string): string {
  return PEER_EXTRAS[scenario]?.[server] ?? LABELS[server] ?? server
}

const integer = (value: number) => Math.round(value).toLocaleString('en-US')
const ratio = (value: number, base: number | undefined) => (base ? `${(value / base).toFixed(2)}×` : '–')
const mib = (bytes: number) => (bytes / 1024 / 1024).toFixed(0)

function throughputTable(scenario: Scenario, rows: ThroughputRow[]): string[] {
  const base = rows.find((row) => row.server === 'node')?.requestsPerSecond
  const peer = scenario.compareTo
  const peerRps = rows.find((row) => row.server === peer)?.requestsPerSecond
  const peerHeader = peer ? ` × ${LABELS[peer]} |` : ''
  const lines = [
    `| Server | req/s | p99 (ms) | × node:http |${peerHeader} server CPU (µs/req) | peak RSS (MiB) | errors / non-2xx |`,
    `|---|--:|--:|--:|${peer ? '--:|' : ''}--:|--:|--:|`,
  ]
  for (const row of rows) {
    const peerCell = peer ? ` ${ratio(row.requestsPerSecond, peerRps)} |` : ''
    lines.push(
      `| ${label(scenario.name, row.server)} | ${integer(row.requestsPerSecond)} | ${row.p99Ms.toFixed(0)} | ` +
        `${ratio(row.requestsPerSecond, base)} |${peerCell} ${row.cpuMicrosPerRequest.toFixed(1)} | ` +
        `${Number.isNaN(row.peakRssBytes) ? '–' : (row.peakRssBytes / 2 ** 20).toFixed(0)} | ${row.errors} / ${row.non2xx} |`,
    )
  }
  const wharf = rows.find((row) => row.server === 'wharf')?.requestsPerSecond
  const reference = scenario.name === 'hello' ? base : peerRps
  const needed = scenario.name === 'hello' ? 0.95 : 1
  if (wharf !== undefined && reference) {
    const met = wharf / reference >= needed
    lines.push('', `Target: ${scenario.target} — **${met ? 'met' : 'not met'}** (${ratio(wharf, reference)})`)
  } else {
    lines.push('', `Target: ${scenario.target} — not measured`)
  }
  return lines
}

function sleepTable(scenario: Scenario, rows: SleepRow[]): string[] {
  const lines = [
    '| Server | connections | req/s | of ideal | p50 (s) | p99 (s) | socket errors c/r/w/t | non-2xx | server CPU (µs/req) | listen overflows / SYN cookies | idle RSS (MiB) | peak RSS (MiB) | peak RSS × node:http |',
    '|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|',
  ]
  for (const row of rows) {
    const base = rows.find((other) => other.server === 'node' && other.connections === row.connections)
    const { connect, read, write, timeout } = row.socketErrors
    lines.push(
      `| ${label(scenario.name, row.server)} | ${integer(row.connections)} | ${integer(row.requestsPerSecond)} | ` +
        `${((row.requestsPerSecond / row.connections) * 100).toFixed(0)}% | ${row.p50Seconds.toFixed(3)} | ` +
        `${row.p99Seconds.toFixed(3)} | ${connect}/${read}/${write}/${timeout} | ${row.non2xx} | ` +
        `${row.cpuMicrosPerRequest.toFixed(1)} | ${row.listenOverflows} / ${row.syncookiesSent} | ${mib(row.idleRssBytes)} | ${mib(row.peakRssBytes)} | ${ratio(row.peakRssBytes, base?.peakRssBytes)} |`,
    )
  }
  lines.push(
    '',
    'Ideal: req/s = connections (each connection completes one request per second), p99 = 1.000 s. ' +
      'A run of d seconds completes at most d − 1 rounds per connection (the last one is still sleeping ' +
      'when wrk stops), so "of ideal" tops out near (d − 1)/d. wrk starts its latency clock when it writes ' +
      'the request: a connection delayed by a dropped SYN shows up as lost throughput, not as latency. ' +
      "Socket errors are wrk's connect/read/write/timeout counts (timeout: no answer within 10 s). " +
      'Listen overflows / SYN cookies: the kernel counters (TcpExt ListenOverflows, SyncookiesSent) over ' +
      'the run: handshakes that found the accept queue full, and SYNs that found the SYN queue full. ' +
      'Idle RSS is read once the server is ready; every server pays the same ~17 MiB for Node stripping ' +
      'the types of its .ts file.',
  )
  const verdicts = rows
    .filter((row) => row.server === 'wharf')
    .map((row) => {
      const limit = row.connections <= 1_000 ? 1.05 : 1.1
      const base = rows.find((other) => other.server === 'node' && other.connections === row.connections)
      const errors = Object.values(row.socketErrors).reduce((a, b) => a + b, 0) + row.non2xx
      const rssOk = base ? row.peakRssBytes <= 1.1 * base.peakRssBytes : false
      const met = row.p99Seconds <= limit && errors === 0 && rssOk
      return `${integer(row.connections)} connections: **${met ? 'met' : 'not met'}** (p99 ${row.p99Seconds.toFixed(3)} s, ${errors} errors, RSS ${ratio(row.peakRssBytes, base?.peakRssBytes)})`
    })
  lines.push('', `Target: ${scenario.target} — ${verdicts.join('; ') || 'not measured'}`)
  return lines
}

function sideBySideTable(outcomes: ScenarioOutcome[]): string[] {
  const measured = outcomes.filter((outcome) => outcome.sideBySide)
  if (measured.length === 0) return []
  const servers = [...new Set(measured.flatMap((outcome) => [...outcome.sideBySide!.keys()]))]
  const lines = [
    '',
    '## Side by side — server CPU time per request (µs), every server loaded at the same time',
    '',
    'All servers of a scenario run at once on the same CPU, each with its share of the connections, so ' +
      'whatever else runs on the machine disturbs them alike: on a shared machine this is the steadiest ' +
      "comparison. Lower is better; the ratios are Wharf's CPU per request over the peer's (below 1.00: " +
      'Wharf spends less): the median of the per-round ratios, with their range.',
    '',
    `| Scenario | ${servers.map((server) => LABELS[server] ?? server).join(' | ')} | Wharf ÷ node:http | Wharf ÷ Fastify 5 |`,
    `|---|${servers.map(() => '--:|').join('')}--:|--:|`,
  ]
  for (const { scenario, sideBySide } of measured) {
    const rounds = sideBySide!
    const cell = (server: string) => (rounds.has(server) ? median(rounds.get(server)!).toFixed(1) : '–')
    // Each round compares servers under the same conditions: the median of the per-round ratios (and
    // their range) is steadier than a ratio of medians.
    const over = (peer: string) => {
      const wharf = rounds.get('wharf')
      const other = rounds.get(peer)
      if (!wharf || !other) return '–'
      const ratios = wharf.map((value, index) => value / other[index]!)
      const range =
        ratios.length > 1 ? ` (${Math.min(...ratios).toFixed(2)}–${Math.max(...ratios).toFixed(2)})` : ''
      return `${median(ratios).toFixed(2)}${range}`
    }
    lines.push(
      `| ${scenario.name} | ${servers.map(cell).join(' | ')} | ${over('node')} | ${over('fastify')} |`,
    )
  }
  return lines
}

export interface ScenarioOutcome {
  scenario: Scenario
  throughput?: ThroughputRow[]
  sleep?: SleepRow[]
  /** CPU µs per request of each server with all of them loaded at once, one value per round. */
  sideBySide?: Map<string, number[]>
  /** Why it was not measured. */
  skipped?: string
}

export function renderReport(
  machine: MachineInfo,
  config: BenchConfig,
  outcomes: ScenarioOutcome[],
  notes: string[],
): string {
  const lines = [
    '# Wharf benchmark results',
    '',
    `- Date: ${machine.date}`,
    `- Node ${machine.node}; ${machine.cpus} CPUs (${machine.cpuModel}); Linux ${machine.kernel}`,
    `- Load average (1/5/15 min) at the start: ${machine.loadAverage}`,
    `- Kernel accept-queue caps: net.core.somaxconn ${machine.somaxconn}, tcp_max_syn_backlog ${machine.synBacklog}`,
    `- Method: each server is its own process (bench/servers/*.ts), started fresh for every measurement; ` +
      `${config.load === 'wrk' ? 'wrk -t 1' : 'autocannon'} -c ${config.connections}, ${config.warmup} s warm-up then ${config.duration} s measured; ` +
      `sleep with wrk (1 thread), ${config.duration} s per level; ${config.runs} round(s)` +
      (config.runs > 1 ? ', medians quoted.' : '.'),
    ...notes.map((note) => `- ${note}`),
  ]
  for (const outcome of outcomes) {
    const { scenario } = outcome
    lines.push('', `## ${scenario.name} — ${scenario.title}`, '')
    if (outcome.skipped) lines.push(`Skipped: ${outcome.skipped}`)
    else if (outcome.throughput) lines.push(...throughputTable(scenario, outcome.throughput))
    else if (outcome.sleep) lines.push(...sleepTable(scenario, outcome.sleep))
  }
  lines.push(...sideBySideTable(outcomes))
  return `${lines.join('\n')}\n`
}
