import type { GradeRequest } from './pool-messages.js'
import { PoolWorkerProcess, type WorkerOutcome } from './pool-worker-process.js'

export interface PoolOptions {
  /** Gradings at once, one worker process each */
  readonly jobs: number
  /** The workers' environment (the grader passes student programs only what they need) */
  readonly env: NodeJS.ProcessEnv
  /** A worker is replaced after this many gradings, so a slow leak cannot grow without bound */
  readonly gradingsPerWorker?: number
}

/** One request and how long the pool waits for it before killing its worker */
export interface PoolTask {
  readonly request: GradeRequest
  readonly timeoutMs: number
}

// Grade every task at most `jobs` at a time, each in a worker process of its own while it runs: a grading that
// crashes or hangs its worker costs only that student's report. Outcomes are reported as they arrive; `stop()`
// (Ctrl-C) kills every worker and makes the run return what was finished
export class GradingPool {
  private readonly idle: PoolWorkerProcess[] = []
  private readonly busy = new Set<PoolWorkerProcess>()
  private stopped = false

  constructor(private readonly options: PoolOptions) {}

  async run(tasks: readonly PoolTask[], onOutcome: (outcome: WorkerOutcome, task: PoolTask) => void, onStart?: (task: PoolTask) => void): Promise<void> {
    let next = 0
    const lane = async (): Promise<void> => {
      while (next < tasks.length && !this.stopped) {
        const task = tasks[next++] as PoolTask
        onStart?.(task)
        const outcome = await this.gradeOne(task)
        if (this.stopped && outcome.type === 'lost') return
        onOutcome(outcome, task)
      }
    }
    await Promise.all(Array.from({ length: Math.max(1, Math.min(this.options.jobs, tasks.length)) }, lane))
  }

  // Kill every worker now; gradings in flight are lost, and run() returns
  stop(): void {
    this.stopped = true
    for (const worker of [...this.busy, ...this.idle]) worker.stop()
  }

  // Let the idle workers go once the run is over
  async close(): Promise<void> {
    await Promise.all(this.idle.splice(0).map((worker) => worker.close()))
  }

  private async gradeOne(task: PoolTask): Promise<WorkerOutcome> {
    const worker = this.idle.pop() ?? new PoolWorkerProcess(this.options.env)
    this.busy.add(worker)
    try {
      return await worker.grade(task.request, task.timeoutMs)
    } finally {
      this.busy.delete(worker)
      this.release(worker)
    }
  }

  private release(worker: PoolWorkerProcess): void {
    const worn = worker.gradings >= (this.options.gradingsPerWorker ?? 200)
    if (!worker.alive || this.stopped) return worker.stop()
    if (worn) return void worker.close()
    this.idle.push(worker)
  }
}
