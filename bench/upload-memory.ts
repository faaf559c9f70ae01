/**
 * Memory and latency during a large upload: one client sends a multipart body with one file of SIZE
 * (default 1 GiB) to a Wharf server in its own process, while another asks `/ping` every 100 ms. The
 * server's resident memory is sampled from /proc every 50 ms. Goals (issue 13): RSS grows by less than
 * 64 MiB, and a concurrent request is answered within 50 ms.
 *
 * Run: `node bench/upload-memory.ts [size in MiB] [route]`, route `/upload` (spooled to a temporary
 * file, the default) or `/stream` (the handler reads the file as it arrives). Bounded: the upload is
 * abandoned after 5 minutes. The file's bytes are made on the fly from one 64 KiB buffer.
 */
import { type ChildProcess, spawn } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { Agent, request } from 'node:http'
import { fileURLToPath } from 'node:url'

const MiB = 1024 * 1024
const GIVE_UP_MS = 5 * 60_000
const BOUNDARY = 'wharf-bench-boundary-7c1f'

/** The server's resident set size, in bytes, from /proc (Linux). */
function rss(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8')
  return Number(/VmRSS:\s+(\d+) kB/.exec(status)![1]) * 1024
}

async function startServer(): Promise<{ child: ChildProcess; port: number }> {
  const script = fileURLToPath(new URL('./uploads/server.ts', import.meta.url))
  const child = spawn(
    process.execPath,
    [...(process.env.BENCH_NODE_ARGS ?? '').split(' ').filter(Boolean), script],
    { stdio: ['ignore', 'pipe', 'inherit'] },
  )
  const port = await new Promise<number>((resolve, reject) => {
    child.stdout!.on('data', (chunk: Buffer) => {
      const match = /port (\d+)/.exec(chunk.toString())
      if (match) resolve(Number(match[1]))
    })
    child.once('exit', (code) => reject(new Error(`server exited with ${code}`)))
  })
  return { child, port }
}

/** Sends one file of `size` bytes as multipart, with backpressure; resolves with the response body. */
function upload(port: number, route: string, size: number): Promise<{ status: number; body: string }> {
  const head = Buffer.from(
    `--${BOUNDARY}\r\nContent-Disposition: form-data; name="file"; filename="big.bin"\r\n` +
      'Content-Type: application/octet-stream\r\n\r\n',
  )
  const tail = Buffer.from(`\r\n--${BOUNDARY}--\r\n`)
  const block = Buffer.alloc(64 * 1024, 'wharf')
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: '127.0.0.1',
        port,
        path: route,
        method: 'POST',
        agent: new Agent({ keepAlive: false }),
        headers: {
          'content-type': `multipart/form-data; boundary=${BOUNDARY}`,
          'content-length': head.length + size + tail.length,
        },
      },
      (res) => {
        let body = ''
        res.setEncoding('utf8')
        res.on('data', (chunk) => {
          body += chunk
        })
        res.on('end', () => resolve({ status: res.statusCode!, body }))
      },
    )
    req.on('error', reject)
    req.setTimeout(GIVE_UP_MS, () => req.destroy(new Error('upload timed out')))
    let sent = 0
    const pump = () => {
      while (sent < size) {
        const piece = sent + block.length <= size ? block : block.subarray(0, size - sent)
        sent += piece.length
        if (!req.write(piece)) return void req.once('drain', pump)
      }
      req.end(tail)
    }
    req.write(head)
    pump()
  })
}

function ping(port: number): Promise<number> {
  const started = performance.now()
  return new Promise((resolve, reject) => {
    request({ host: '127.0.0.1', port, path: '/ping' }, (res) => {
      res.resume()
      res.on('end', () => resolve(performance.now() - started))
    })
      .on('error', reject)
      .end()
  })
}

const quantile = (sorted: number[], q: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!

/**
 * Uploads one file of `size` bytes to `route` of a fresh server process while pinging it; returns the
 * server's RSS growth and the pings' latencies.
 */
export async function measureUpload(size: number, route = '/upload') {
  const { child, port } = await startServer()
  try {
    await ping(port)
    const baseline = rss(child.pid!)
    let peak = baseline
    const sampler = setInterval(() => {
      peak = Math.max(peak, rss(child.pid!))
    }, 50)
    const latencies: number[] = []
    let uploading = true
    const pinger = (async () => {
      while (uploading) {
        latencies.push(await ping(port))
        await new Promise((resolve) => setTimeout(resolve, 100))
      }
    })()
    const started = performance.now()
    const result = await upload(port, route, size)
    const seconds = (performance.now() - started) / 1000
    uploading = false
    await pinger
    clearInterval(sampler)
    peak = Math.max(peak, rss(child.pid!))
    const sorted = [...latencies].sort((a, b) => a - b)
    return {
      status: result.status,
      response: result.body,
      seconds,
      baselineMiB: baseline / MiB,
      peakMiB: peak / MiB,
      growthMiB: (peak - baseline) / MiB,
      pings: sorted.length,
      pingMedianMs: quantile(sorted, 0.5),
      pingP99Ms: quantile(sorted, 0.99),
      pingMaxMs: sorted.at(-1) ?? Number.NaN,
    }
  } finally {
    child.kill()
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const SIZE = Number(process.argv[2] ?? 1024) * MiB
  const ROUTE = process.argv[3] ?? '/upload'
  const figures = await measureUpload(SIZE, ROUTE)
  const fixed = (n: number) => n.toFixed(1)
  console.log(`upload of ${SIZE / MiB} MiB to ${ROUTE}: ${figures.status} ${figures.response}`)
  console.log(`  time ${fixed(figures.seconds)} s (${fixed(SIZE / MiB / figures.seconds)} MiB/s)`)
  console.log(
    `  server RSS ${fixed(figures.baselineMiB)} → peak ${fixed(figures.peakMiB)} MiB: growth ${fixed(figures.growthMiB)} MiB (goal < 64)`,
  )
  console.log(
    `  /ping during the upload (${figures.pings}): median ${fixed(figures.pingMedianMs)} ms, p99 ${fixed(figures.pingP99Ms)} ms, max ${fixed(figures.pingMaxMs)} ms (goal < 50)`,
  )
}
