import { GradingDeadlineError, InternalError, NotGradableError } from '../errors.js'
import { gradingDeadlineMs } from '../deadline.js'
import type { GradeJob } from '../grade.js'
import type { GradeReport } from '../report.js'
import { unfinishedReport } from '../unfinished-report.js'
import { OUTER_KILL_AFTER_MS } from '../worker/grade-in-worker.js'
import type { GradeRequest } from './pool-messages.js'
import type { WorkerOutcome } from './pool-worker-process.js'
import { GradingPool, type PoolTask } from './pool.js'
import type { ProgressState } from './progress-text.js'
import type { ResultsLog } from './results-log.js'
import { countStudent } from './student-counts.js'
import type { BatchEntry, RecordedStudent, StudentSubmission } from './types.js'

// Past its own deadline (enforced inside the worker, and by killing the sandbox) a grading has this much more before the
// pool kills its worker: the worker's start, its report over IPC, a loaded machine
const POOL_SLACK_MS = 5000

/** What grading the class needs besides the students */
export interface ClassGrading {
  /** A grade job of the class with everything but the student's folder: the deadline and a report without a worker come from it */
  readonly job: Omit<GradeJob, 'submission' | 'label'>
  readonly rubricPath?: string
  readonly courseDir?: string
  readonly isolation: 'sandbox' | 'host'
  readonly jobs: number
  readonly env: NodeJS.ProcessEnv
  readonly log: ResultsLog
  /** Counts for the progress display, updated as results arrive */
  readonly progress: ProgressCounts
}

/** The mutable side of ProgressState */
export type ProgressCounts = { -readonly [K in keyof ProgressState]: ProgressState[K] } & { running: Map<string, number> }

// Grade every student, at most `jobs` at a time, appending each result to the log as it arrives; the students a layout
// already found not gradable get their report at once. Returns the new entries; `pool.stop()` ends it early
export async function gradeStudents(students: readonly StudentSubmission[], grading: ClassGrading, pool: GradingPool): Promise<BatchEntry[]> {
  const entries: BatchEntry[] = []
  const record = (student: StudentSubmission, report: GradeReport) => {
    const entry: BatchEntry = { student: recorded(student), report }
    grading.log.append(entry)
    entries.push(entry)
    countReport(grading.progress, report)
  }
  const byId = new Map(students.map((student) => [student.id, student]))
  const tasks: PoolTask[] = []
  for (const student of students) {
    if (student.notGradableReason) record(student, notGradable(grading, student))
    else tasks.push({ request: requestFor(grading, student), timeoutMs: deadlineOf(grading, student) + OUTER_KILL_AFTER_MS + POOL_SLACK_MS })
  }
  const started = new Map<string, number>()
  await pool.run(
    tasks,
    (outcome, task) => {
      const student = byId.get(task.request.studentId) as StudentSubmission
      grading.progress.running.delete(student.id)
      record(student, reportOf(outcome, grading, student, started.get(student.id) ?? Date.now()))
    },
    (task) => {
      started.set(task.request.studentId, Date.now())
      grading.progress.running.set(task.request.studentId, Date.now())
    },
  )
  return entries
}

// The student as results.jsonl records them: everything but the folder, which is only where this machine put it
export function recorded(student: StudentSubmission): RecordedStudent {
  const { dir: _dir, ...rest } = student
  return rest
}

function requestFor(grading: ClassGrading, student: StudentSubmission): GradeRequest {
  const { job } = grading
  return {
    type: 'grade',
    studentId: student.id,
    dir: student.dir,
    assignment: job.assignment.id,
    ...(grading.rubricPath ? { rubricPath: grading.rubricPath } : {}),
    ...(grading.courseDir ? { courseDir: grading.courseDir } : {}),
    seed: job.seed,
    timeoutScale: job.timeoutScale,
    isolation: grading.isolation,
  }
}

function jobFor(grading: ClassGrading, student: StudentSubmission): GradeJob {
  return { ...grading.job, submission: student.dir, label: student.id }
}

function deadlineOf(grading: ClassGrading, student: StudentSubmission): number {
  return gradingDeadlineMs(jobFor(grading, student))
}

function notGradable(grading: ClassGrading, student: StudentSubmission): GradeReport {
  const report = unfinishedReport(jobFor(grading, student), new NotGradableError(student.notGradableReason as string), { started: Date.now(), deadlineMs: deadlineOf(grading, student) })
  // Nothing ran: a duration of 0 keeps the outputs the same from run to run
  return { ...report, durationMs: 0 }
}

// A worker's report as it is; a lost grading gets the report of a grading that could not finish, saying why
function reportOf(outcome: WorkerOutcome, grading: ClassGrading, student: StudentSubmission, startedAt: number): GradeReport {
  if (outcome.type === 'report') return outcome.report
  const deadlineMs = deadlineOf(grading, student)
  const error = outcome.type === 'lost' && outcome.reason === 'deadline' ? new GradingDeadlineError(deadlineMs) : new InternalError(outcome.message)
  if (outcome.type === 'failed' && outcome.stack) error.stack = outcome.stack
  return unfinishedReport(jobFor(grading, student), error, { started: startedAt, deadlineMs })
}

// Count one result in the progress display, as the class summary counts it (student-counts.ts)
export function countReport(progress: ProgressCounts, report: GradeReport): void {
  progress.done++
  countStudent(progress, report)
}
