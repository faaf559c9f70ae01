import cluster, { type Worker } from 'node:cluster'
import type { Registry } from 'prom-client'
import { promClient } from './prom.ts'

const SCRAPE_REQUEST = 'wharf:metrics:scrape'
const SCRAPE_RESPONSE = 'wharf:metrics:result'
/** prom-client gives up on silent workers after 5 s; a scrape waits a little longer for its answer. */
const SCRAPE_TIMEOUT_MS = 6_000

interface ScrapeResponse {
  type: typeof SCRAPE_RESPONSE
  id: number
  text?: string
  error?: string
}

const isScrapeResponse = (message: unknown): message is ScrapeResponse =>
  typeof message === 'object' && message !== null && (message as ScrapeResponse).type === SCRAPE_RESPONSE

/**
 * In the cluster primary of `wharf run --workers N`: answers a worker's scrape with every worker's
 * metrics, aggregated by prom-client's `AggregatorRegistry` (counters and histograms summed, gauges by
 * their aggregator). prom-client is loaded on the first scrape, so a primary without metrics never loads it.
 *
 * @example
 * if (cluster.isPrimary) answerClusterScrapes()
 */
export function answerClusterScrapes(): void {
  let aggregator: InstanceType<ReturnType<typeof promClient>['AggregatorRegistry']> | undefined
  cluster.on('message', (worker: Worker, message: { type?: string; id?: number }) => {
    if (message?.type !== SCRAPE_REQUEST) return
    aggregator ??= new (promClient().AggregatorRegistry)()
    const reply = (body: Omit<ScrapeResponse, 'type' | 'id'>) => {
      if (worker.isConnected()) worker.send({ type: SCRAPE_RESPONSE, id: message.id, ...body })
    }
    aggregator.clusterMetrics().then(
      (text) => reply({ text }),
      (error: Error) => reply({ error: error.message }),
    )
  })
}

/** True in a worker forked by `wharf run --workers N` (its primary aggregates). */
export function inWharfCluster(): boolean {
  return cluster.isWorker && process.env.WHARF_WORKER_SLOT !== undefined && process.send !== undefined
}

let nextId = 0
const pending = new Map<number, (response: ScrapeResponse) => void>()

/**
 * In a worker: makes `registry` the one the primary collects, and returns a scrape function that asks
 * the primary for the aggregated text of all workers.
 *
 * @example
 * const scrape = clusterScrape(registry)
 * const text = await scrape()
 */
export function clusterScrape(registry: Registry): () => Promise<string> {
  const { AggregatorRegistry } = promClient()
  AggregatorRegistry.setRegistries([registry])
  // Constructing one installs prom-client's worker listener that answers the primary's requests.
  new AggregatorRegistry()
  process.on('message', (message) => {
    if (isScrapeResponse(message)) pending.get(message.id)?.(message)
  })
  return () =>
    new Promise<string>((resolve, reject) => {
      const id = nextId++
      const timer = setTimeout(() => {
        pending.delete(id)
        reject(new Error('the cluster primary did not answer the scrape'))
      }, SCRAPE_TIMEOUT_MS)
      pending.set(id, (response) => {
        clearTimeout(timer)
        pending.delete(id)
        if (response.text !== undefined) resolve(response.text)
        else reject(new Error(response.error ?? 'the scrape failed'))
      })
      process.send!({ type: SCRAPE_REQUEST, id })
    })
}
