/**
 * CPU-bound work, and the worker thread that runs it off the event loop (used by `event-loop.ts`).
 * Not run on its own.
 */
import { parentPort, Worker, workerData } from 'node:worker_threads'

/**
 * Keeps the CPU busy for `ms` milliseconds of arithmetic, never yielding: while it runs, the thread's
 * event loop can run nothing else. Returns how many iterations it managed.
 */
export function burnCpu(ms: number): number {
  const deadline = performance.now() + ms
  let iterations = 0
  let sink = 0
  while (performance.now() < deadline) {
    for (let i = 0; i < 1_000; i++) sink += Math.sqrt(i * iterations)
    iterations++
  }
  return sink >= 0 ? iterations : -1
}

/**
 * Runs `burnCpu(ms)` on a new worker thread and resolves with its result; the calling thread's loop
 * stays free meanwhile. (A service would keep a pool of workers rather than start one per call.)
 */
export function burnCpuInWorker(ms: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(new URL(import.meta.url), { workerData: ms })
    worker.once('message', resolve)
    worker.once('error', reject)
    // Settles the promise if the thread ends without answering (a no-op after the message).
    worker.once('exit', (code) => reject(new Error(`worker exited with code ${code} before answering`)))
  })
}

// Loaded as a worker: do the one job it was given, send the result, and let the thread end.
if (parentPort) parentPort.postMessage(burnCpu(workerData as number))
