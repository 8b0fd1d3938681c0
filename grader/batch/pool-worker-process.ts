import { join } from 'node:path'
import { execa, type ResultPromise } from 'execa'
import { packageRoot } from '../paths.js'
import type { GradeDone, GradeRequest } from './pool-messages.js'

/** How one grading in a worker ended: its message, or the worker lost (killed past the deadline, or it died) */
export type WorkerOutcome = GradeDone | { readonly type: 'lost'; readonly studentId: string; readonly reason: 'deadline' | 'died' | 'stopped'; readonly message: string }

// SIGTERM lets the worker kill its student programs (their own process groups) before it exits; SIGKILL this much later
const KILL_GRACE_MS = 2000
const STDERR_TAIL_BYTES = 4096

/** One long-lived worker process of the batch pool (execa: the import is paid once, in the batch's parent) */
export class PoolWorkerProcess {
  readonly subprocess: ResultPromise<{ ipc: true }>
  gradings = 0
  private stderrTail = ''
  private exited = false
  private stopping = false
  private readonly exit: Promise<void>

  constructor(env: NodeJS.ProcessEnv) {
    const entry = join(packageRoot, 'dist', 'grader', 'batch', 'pool-worker.js')
    this.subprocess = execa(process.execPath, [entry], {
      ipc: true,
      serialization: 'json',
      // Reports go over IPC; nothing is kept in memory for the lifetime of a worker that grades hundreds
      buffer: false,
      stdin: 'ignore',
      stdout: 'ignore',
      stderr: 'pipe',
      env,
      extendEnv: false,
      // A worker (and the sandboxes under it) must not outlive the batch: execa kills it when the parent exits
      cleanup: true,
      forceKillAfterDelay: KILL_GRACE_MS,
      reject: false,
    }) as unknown as ResultPromise<{ ipc: true }>
    this.subprocess.stderr?.on('data', (chunk: Buffer) => {
      this.stderrTail = (this.stderrTail + chunk.toString('utf8')).slice(-STDERR_TAIL_BYTES)
    })
    this.exit = this.subprocess.then(() => {
      this.exited = true
    })
  }

  /** Neither ended nor being stopped: it may take another student */
  get alive(): boolean {
    return !this.exited && !this.stopping
  }

  // Grade one student; past `timeoutMs` the worker is killed and the grading is lost (the pool starts another worker)
  async grade(request: GradeRequest, timeoutMs: number): Promise<WorkerOutcome> {
    this.gradings++
    const lost = (reason: 'deadline' | 'died' | 'stopped', message: string): WorkerOutcome => ({ type: 'lost', studentId: request.studentId, reason, message })
    let timer: NodeJS.Timeout | undefined
    const reply = new Promise<WorkerOutcome>((resolve) => {
      const onMessage = (message: GradeDone) => {
        if (message?.studentId !== request.studentId) return
        this.subprocess.off('message', onMessage)
        resolve(message)
      }
      this.subprocess.on('message', onMessage)
    })
    const died = this.exit.then(() => lost('died', `The grading process ended before its report (${this.exitText()})${this.stderrTail.trim() ? `: ${this.stderrTail.trim()}` : ''}`))
    const late = new Promise<WorkerOutcome>((resolve) => {
      timer = setTimeout(() => {
        this.stop()
        resolve(lost('deadline', 'The grading process did not answer within its deadline and was stopped'))
      }, timeoutMs)
    })
    try {
      await this.subprocess.sendMessage(request as never)
    } catch {
      clearTimeout(timer)
      return lost('died', `The grading process could not be reached (${this.exitText()})`)
    }
    const outcome = await Promise.race([reply, died, late])
    clearTimeout(timer)
    return outcome
  }

  // SIGTERM now (the worker stops its programs), SIGKILL after the grace
  stop(): void {
    this.stopping = true
    if (!this.exited) this.subprocess.kill('SIGTERM')
  }

  // Let an idle worker go: closing the channel makes it exit by itself
  async close(): Promise<void> {
    if (this.exited) return
    this.subprocess.disconnect()
    await this.exit
  }

  private exitText(): string {
    const { exitCode, signalCode } = this.subprocess
    return signalCode ? `killed by ${signalCode}` : exitCode === null ? 'still running' : `exit code ${exitCode}`
  }
}
