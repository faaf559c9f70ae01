import { type ChildProcess, fork } from 'node:child_process'
import { SHUTDOWN_MESSAGE, WORKER_FD, workerReportOf } from './supervisor-channel.ts'

/** How a worker exited. */
export interface WorkerExit {
  code: number | null
  signal: NodeJS.Signals | null
}

/**
 * One worker process of `wharf run --workers N`: the same `wharf run` command line, started with the
 * supervisor's listening socket as file descriptor `WORKER_FD` and an IPC channel, on which it reports
 * that it serves (or why it could not start) and receives the request to shut down.
 *
 * @example
 * const worker = new WorkerProcess(0, socket.fd, 60_000)
 * if (await worker.started) console.log(`worker ${worker.pid} serves`)
 */
export class WorkerProcess {
  readonly child: ChildProcess
  /** Resolves once the worker is gone; everything it sent on the channel has been read by then. */
  readonly exited: Promise<WorkerExit>
  /** Resolves true once the worker serves, false if it exited first (or was not ready in time). */
  readonly started: Promise<boolean>
  /** Resolves once the worker, asked to drain, no longer accepts connections (or has exited). */
  readonly stoppedAccepting: Promise<void>
  /** True once the worker reported that it serves. */
  ready = false
  /** Why the worker could not start: the error it reported (its stack, or a usage message). */
  startError: string | undefined

  constructor(
    readonly slot: number,
    socketFd: number,
    readyTimeoutMs: number,
  ) {
    // The same command line again, as node:cluster does, with the socket where the worker looks for it.
    this.child = fork(process.argv[1]!, process.argv.slice(2), {
      env: { ...process.env, WHARF_WORKER_SLOT: String(slot), WHARF_WORKER_FD: String(WORKER_FD) },
      stdio: ['inherit', 'inherit', 'inherit', 'ipc', socketFd],
    })
    this.exited = new Promise((resolve) => {
      // 'close' rather than 'exit': the channel is drained by then, so a failure report is never missed.
      this.child.once('close', (code, signal) => resolve({ code, signal }))
      // A process that could not be started at all never closes.
      this.child.once('error', () => {
        if (this.child.pid === undefined) resolve({ code: null, signal: null })
      })
    })
    let stopAccepting = () => {}
    this.stoppedAccepting = new Promise((resolve) => {
      stopAccepting = resolve
      this.exited.then(() => resolve())
    })
    this.started = new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.startError = `it did not report ready within ${readyTimeoutMs} ms`
        this.kill()
      }, readyTimeoutMs)
      this.child.on('message', (message) => {
        const report = workerReportOf(message)
        if (report?.wharf === 'ready') {
          this.ready = true
          clearTimeout(timer)
          resolve(true)
        } else if (report?.wharf === 'failed') this.startError = report.error
        else if (report?.wharf === 'closed') stopAccepting()
      })
      this.exited.then(() => {
        clearTimeout(timer)
        resolve(false)
      })
    })
  }

  get pid(): number {
    return this.child.pid ?? 0
  }

  /** True until the process has exited. */
  get alive(): boolean {
    return this.child.exitCode === null && this.child.signalCode === null
  }

  /** Asks the worker to stop accepting, finish its requests in flight and exit. */
  drain(): void {
    if (!this.alive) return
    if (this.child.connected) this.child.send(SHUTDOWN_MESSAGE)
    else this.child.kill('SIGTERM')
  }

  kill(): void {
    if (this.alive) this.child.kill('SIGKILL')
  }
}
