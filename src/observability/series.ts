import type { Registry } from 'prom-client'

type Labels = Record<string, string>

/**
 * One labelled histogram series, updated with plain arithmetic: prom-client's own `observe` hashes
 * and validates the labels on every call, which the request path cannot afford. Read at scrape time.
 */
export class HistogramCell {
  /** Observations per bucket (not cumulative); the last one is +Inf. */
  readonly counts: Float64Array
  sum = 0
  count = 0

  constructor(
    readonly labels: Labels,
    private readonly bounds: readonly number[],
  ) {
    this.counts = new Float64Array(bounds.length + 1)
  }

  observe(value: number): void {
    const bounds = this.bounds
    let index = 0
    while (index < bounds.length && value > bounds[index]!) index++
    this.counts[index]!++
    this.sum += value
    this.count++
  }
}

/**
 * The series of one histogram, keyed by a string the caller builds from its label values (cheaper
 * than hashing an object); created on first use.
 *
 * @example
 * const durations = new HistogramFamily([0.01, 0.1, 1])
 * durations.cell('GET /', () => ({ method: 'GET', route: '/' })).observe(0.004)
 */
export class HistogramFamily {
  readonly cells = new Map<string, HistogramCell>()

  constructor(readonly bounds: readonly number[]) {}

  cell(key: string, labels: () => Labels): HistogramCell {
    let found = this.cells.get(key)
    if (found === undefined) {
      found = new HistogramCell(labels(), this.bounds)
      this.cells.set(key, found)
    }
    return found
  }
}

/** A sample as prom-client's registry and cluster aggregator read it. */
interface Sample {
  labels: Record<string, string | number>
  value: number
  metricName?: string
}

interface MetricSpec {
  name: string
  help: string
}

/** Registers a metric whose samples are computed at scrape time (the form prom-client's `get()` has). */
function register(registry: Registry, spec: MetricSpec, type: string, samples: () => Sample[]): void {
  const metric = {
    ...spec,
    type,
    aggregator: 'sum',
    get: async () => ({ ...spec, type, aggregator: 'sum', values: samples() }),
  }
  registry.registerMetric(metric as unknown as Parameters<Registry['registerMetric']>[0])
}

/**
 * Exposes a histogram family as a Prometheus histogram (cumulative `_bucket`, `_sum`, `_count`).
 *
 * @example
 * exposeHistogram(registry, { name: 'http_request_duration_seconds', help: '…' }, durations)
 */
export function exposeHistogram(registry: Registry, spec: MetricSpec, family: HistogramFamily): void {
  register(registry, spec, 'histogram', () => {
    const samples: Sample[] = []
    for (const cell of family.cells.values()) {
      let cumulative = 0
      family.bounds.forEach((bound, index) => {
        cumulative += cell.counts[index]!
        samples.push({
          labels: { ...cell.labels, le: bound },
          value: cumulative,
          metricName: `${spec.name}_bucket`,
        })
      })
      samples.push({
        labels: { ...cell.labels, le: '+Inf' },
        value: cell.count,
        metricName: `${spec.name}_bucket`,
      })
      samples.push({ labels: cell.labels, value: cell.sum, metricName: `${spec.name}_sum` })
      samples.push({ labels: cell.labels, value: cell.count, metricName: `${spec.name}_count` })
    }
    return samples
  })
}

/**
 * Exposes the observation counts of a histogram family as a counter (requests answered, say).
 *
 * @example
 * exposeCounts(registry, { name: 'http_requests_total', help: '…' }, durations)
 */
export function exposeCounts(registry: Registry, spec: MetricSpec, family: HistogramFamily): void {
  register(registry, spec, 'counter', () =>
    [...family.cells.values()].map((cell) => ({ labels: cell.labels, value: cell.count })),
  )
}

/**
 * Exposes a number read at scrape time as a gauge (summed across workers).
 *
 * @example
 * exposeGauge(registry, { name: 'http_requests_in_flight', help: '…' }, () => inFlight)
 */
export function exposeGauge(registry: Registry, spec: MetricSpec, read: () => number): void {
  register(registry, spec, 'gauge', () => [{ labels: {}, value: read() }])
}
