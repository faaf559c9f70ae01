import type { ChildProcess } from 'node:child_process'
import type { Registry } from 'prom-client'
import { promClient } from './optional-deps.ts'

/** A worker asks the supervisor for everyone's metrics… */
const SCRAPE = 'metrics:scrape'
/** …the supervisor asks every worker for its own… */
const COLLECT = 'metrics:collect'
/** …each answers with prom-client's JSON form… */
const LOCAL = 'metrics:local'
/** …and the supervisor answers the first worker with the aggregated text. */
const RESULT = 'metrics:result'
/** A worker that has not answered by then (busy, starting, stopping) is left out of the scrape. */
const COLLECT_TIMEOUT_MS = 2_000
/** How long a worker's scrape waits for the supervisor. */
const SCRAPE_TIMEOUT_MS = 5_000

interface Message {
  wharf?: string
  id?: number
  text?: string
  error?: string
  metrics?: unknown
}

const messageOf = (value: unknown): Message => (typeof value === 'object' && value !== null ? value : {})

const workers = new Set<ChildProcess>()
const collecting = new Map<number, (metrics: unknown) => void>()
let nextCollect = 0

/** Every live worker's metrics, aggregated by prom-client (counters and histograms summed). */
async function collectAll(): Promise<string> {
  const live = [...workers].filter((child) => child.connected)
  const id = nextCollect++
  const parts = await new Promise<unknown[]>((resolve) => {
    const received: unknown[] = []
    const finish = () => {
      clearTimeout(timer)
      collecting.delete(id)
      resolve(received)
    }
    const timer = setTimeout(finish, COLLECT_TIMEOUT_MS)
    collecting.set(id, (metrics) => {
      received.push(metrics)
      if (received.length === live.length) finish()
    })
    for (const child of live) child.send({ wharf: COLLECT, id })
    if (live.length === 0) finish()
  })
  const { AggregatorRegistry } = promClient()
  return AggregatorRegistry.aggregate(parts as Parameters<typeof AggregatorRegistry.aggregate>[0]).metrics()
}

/**
 * In the supervisor of `wharf run --workers N`, for each worker it starts: answers the worker's
 * scrape with every worker's metrics, aggregated by prom-client's `AggregatorRegistry` (counters and
 * histograms summed, gauges by their aggregator). prom-client is loaded on the first scrape only.
 *
 * @example
 * serveWorkerScrapes(worker.child)
 */
export function serveWorkerScrapes(child: ChildProcess): void {
  workers.add(child)
  child.once('exit', () => workers.delete(child))
  child.on('message', (value) => {
    const message = messageOf(value)
    if (message.wharf === LOCAL && message.id !== undefined) collecting.get(message.id)?.(message.metrics)
    if (message.wharf !== SCRAPE) return
    const reply = (body: Message) => {
      if (child.connected) child.send({ wharf: RESULT, id: message.id, ...body })
    }
    collectAll().then(
      (text) => reply({ text }),
      (error: Error) => reply({ error: error.message }),
    )
  })
}

/** True in a worker of `wharf run --workers N` (its supervisor aggregates). */
export function inWharfCluster(): boolean {
  return process.env.WHARF_WORKER_FD !== undefined && typeof process.send === 'function'
}

let nextScrape = 0
const scrapes = new Map<number, (message: Message) => void>()

/**
 * In a worker: answers the supervisor's collection with `registry`, and returns a scrape function that
 * asks the supervisor for the aggregated text of all workers.
 *
 * @example
 * const scrape = clusterScrape(registry)
 * const text = await scrape()
 */
export function clusterScrape(registry: Registry): () => Promise<string> {
  process.on('message', (value) => {
    const message = messageOf(value)
    if (message.wharf === COLLECT) {
      registry.getMetricsAsJSON().then((metrics) => {
        if (process.connected) process.send!({ wharf: LOCAL, id: message.id, metrics })
      })
    } else if (message.wharf === RESULT && message.id !== undefined) scrapes.get(message.id)?.(message)
  })
  return () =>
    new Promise<string>((resolve, reject) => {
      const id = nextScrape++
      const timer = setTimeout(() => {
        scrapes.delete(id)
        reject(new Error('the supervisor did not answer the scrape'))
      }, SCRAPE_TIMEOUT_MS)
      scrapes.set(id, (message) => {
        clearTimeout(timer)
        scrapes.delete(id)
        if (message.text !== undefined) resolve(message.text)
        else reject(new Error(message.error ?? 'the scrape failed'))
      })
      process.send!({ wharf: SCRAPE, id })
    })
}
