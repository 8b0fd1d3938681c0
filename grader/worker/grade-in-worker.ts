import { join } from 'node:path'
import { GradingDeadlineError, InternalError } from '../errors.js'
import { gradingDeadlineMs } from '../deadline.js'
import type { GradeJob } from '../grade.js'
import { packageRoot } from '../paths.js'
import { startProgram } from '../process/start-program.js'
import type { GradeReport } from '../report.js'

export interface WorkerOptions {
  /** Words put before `node worker-main.js`, for example a sandbox launcher; none by default */
  readonly wrapper?: readonly string[]
}

// The worker's own watchdog ends the grading before its deadline; this much later the worker (and with it the
// sandbox, whose first process it is under) is killed from outside
export const OUTER_KILL_AFTER_MS = 1000

// Grade in a separate worker process (built dist/ required): the shape that lets a sandbox or a batch run it. The
// job's deadline is enforced twice: by the worker's watchdog, and here by killing the worker's process group
export async function gradeInWorker(job: GradeJob, options: WorkerOptions = {}): Promise<GradeReport> {
  const startedAt = job.startedAt ?? Date.now()
  const deadlineMs = job.deadlineMs ?? gradingDeadlineMs(job)
  const entry = join(packageRoot, 'dist', 'grader', 'worker', 'worker-main.js')
  const worker = startProgram([...(options.wrapper ?? []), process.execPath, entry], {
    cwd: packageRoot,
    env: process.env,
    input: JSON.stringify({ ...job, startedAt, deadlineMs }),
    outputCapBytes: 16 * 1024 * 1024,
    killGraceMs: 0,
  })
  const timer = setTimeout(() => void worker.kill(), Math.max(0, startedAt + deadlineMs + OUTER_KILL_AFTER_MS - Date.now()))
  const exit = await worker.exited
  clearTimeout(timer)
  if (exit.killedByGrader) throw new GradingDeadlineError(deadlineMs)
  if (exit.exitCode !== 0) throw new InternalError(`The grading worker failed (exit code ${exit.exitCode}): ${worker.stderr.text().trim()}`)
  return workerReport(worker.stdout.text(), worker.stdout.truncated)
}

// The worker writes exactly one line, its report: anything else (more lines, output past the cap) is not a report
// the grader can trust, whoever wrote it
export function workerReport(text: string, truncated: boolean): GradeReport {
  const lines = text.split('\n').filter((line) => line.trim())
  if (truncated || lines.length !== 1) throw new InternalError(`The grading worker wrote ${truncated ? 'more than its output cap' : `${lines.length} lines`} instead of one report`)
  return JSON.parse(lines[0] as string) as GradeReport
}
