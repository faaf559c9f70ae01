import type { Logger } from 'pino'

type Task = { fn: (...args: any[]) => unknown; args: unknown[] }

/**
 * Work to run after the response has been sent (FastAPI's `BackgroundTasks`), in the order added.
 * A failing task is logged and does not stop the others; shutdown waits for pending tasks.
 *
 * @example
 * app.post('/signup', { body: User }, ({ body, background }) => {
 *   background.add(sendWelcomeEmail, body.email)
 *   return { ok: true }
 * })
 */
export class BackgroundTasks {
  private readonly tasks: Task[] = []

  add<A extends unknown[]>(fn: (...args: A) => unknown, ...args: A): void {
    this.tasks.push({ fn: fn as Task['fn'], args })
  }

  get size(): number {
    return this.tasks.length
  }

  /** Runs every task in order; called by the app once the response is out. */
  async run(log: Logger): Promise<void> {
    for (const task of this.tasks.splice(0)) {
      try {
        await task.fn(...task.args)
      } catch (error) {
        log.error({ err: error, task: task.fn.name || 'anonymous' }, 'A background task failed')
      }
    }
  }
}
