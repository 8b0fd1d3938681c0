// PrairieLearn's grader host, reduced to what it does once the grading container stops. Read from PrairieLearn at
// 88fb855 (2026-08-21): apps/grader-host/src/index.ts (runJob) and apps/prairielearn/src/lib/externalGraderLocal.ts
// both set `succeeded = !timedOut && ExitCode === 0` and read results/results.json only when succeeded: larger than
// 1 MB or not JSON fails the job, and a nonzero exit leaves results null and no message.
// pl-external-grader-results.mustache then shows "Grading failed!" with the message, else "Unknown error; please
// contact course staff."
import { execFile } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'

/** The grading job as PrairieLearn records it */
export interface PrairieLearnJob {
  readonly succeeded: boolean
  /** results.json as parsed, or null when PrairieLearn did not read it */
  readonly results: Record<string, unknown> | null
  readonly message?: string
}

/** How the container (here: one process) ended */
export interface ContainerExit {
  readonly exitCode: number | null
  readonly timedOut: boolean
  readonly stdout: string
  readonly stderr: string
}

const MAX_RESULTS_BYTES = 1024 * 1024

// PrairieLearn's rule: the exit code decides whether results.json is read at all
export function prairielearnJob(exit: ContainerExit, gradeRoot: string): PrairieLearnJob {
  if (exit.timedOut) return { succeeded: false, results: null, message: 'Your grading job did not complete within the time limit' }
  if (exit.exitCode !== 0) return { succeeded: false, results: null }
  let data: Buffer
  try {
    data = readFileSync(join(gradeRoot, 'results', 'results.json'))
  } catch {
    return { succeeded: false, results: null, message: 'Could not read grading results.' }
  }
  if (data.byteLength > MAX_RESULTS_BYTES) return { succeeded: false, results: null, message: 'The grading results were larger than 1MB.' }
  try {
    return { succeeded: true, results: JSON.parse(data.toString()) as Record<string, unknown> }
  } catch {
    return { succeeded: false, results: null, message: 'Could not parse the grading results.' }
  }
}

// The headline pl-external-grader-results shows for a job
export function prairielearnHeadline(job: PrairieLearnJob): string {
  if (!job.succeeded) return `Grading failed! ${job.message ?? 'Unknown error; please contact course staff.'}`
  return job.results?.gradable === false ? 'Invalid, not gradable' : 'Score'
}

// Runs a command as a grading container's entrypoint, with /grade moved to gradeRoot; killed at the job's timeout
export function runEntrypoint(argv: readonly string[], gradeRoot: string, timeoutMs: number): Promise<ContainerExit> {
  const [command = '', ...args] = argv
  const env = { ...process.env, SOCKGRADE_GRADE_ROOT: gradeRoot, NO_COLOR: '1' }
  return new Promise((resolve) => {
    execFile(command, args, { env, timeout: timeoutMs, killSignal: 'SIGKILL' }, (error, stdout, stderr) => {
      const timedOut = error?.killed === true
      const exitCode = error ? (typeof error.code === 'number' ? error.code : null) : 0
      resolve({ exitCode, timedOut, stdout: String(stdout), stderr: String(stderr) })
    })
  })
}
