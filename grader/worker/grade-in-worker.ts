import { join } from 'node:path'
import { InternalError } from '../errors.js'
import type { GradeJob } from '../grade.js'
import { packageRoot } from '../paths.js'
import { startProgram } from '../process/start-program.js'
import type { GradeReport } from '../report.js'

export interface WorkerOptions {
  /** Words put before `node worker-main.js`, for example a sandbox launcher; none by default */
  readonly wrapper?: readonly string[]
  /** The whole grading must end by then, or the worker's process group is killed */
  readonly deadlineMs: number
}

// Grade in a separate worker process (built dist/ required): the shape that lets a sandbox or a batch run it
export async function gradeInWorker(job: GradeJob, options: WorkerOptions): Promise<GradeReport> {
  const entry = join(packageRoot, 'dist', 'grader', 'worker', 'worker-main.js')
  const worker = startProgram([...(options.wrapper ?? []), process.execPath, entry], {
    cwd: packageRoot,
    env: process.env,
    input: JSON.stringify(job),
    outputCapBytes: 16 * 1024 * 1024,
  })
  const timer = setTimeout(() => void worker.kill(), options.deadlineMs)
  const exit = await worker.exited
  clearTimeout(timer)
  if (exit.killedByGrader) throw new InternalError(`The grading worker did not finish within ${options.deadlineMs} ms`)
  if (exit.exitCode !== 0) throw new InternalError(`The grading worker failed (exit code ${exit.exitCode}): ${worker.stderr.text().trim()}`)
  return JSON.parse(worker.stdout.text()) as GradeReport
}
