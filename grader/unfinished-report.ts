import { GradingDeadlineError, NotGradableError } from './errors.js'
import type { GradeJob } from './grade.js'
import type { GradeReport } from './report.js'
import { maxScoreOf } from './rubric/rubric.js'
import { skipped, toResult } from './run-check.js'

// The report of a grading that could not finish. Not gradable: the student's fault, said in words. Anything else:
// the grader failed, and the report says so (a results file must still be written) instead of a stack trace
export function unfinishedReport(job: GradeJob, error: unknown, context: { started: number; programs?: GradeReport['programs']; deadlineMs: number }): GradeReport {
  const notGradable = error instanceof NotGradableError
  const reason = notGradable ? error.message : error instanceof GradingDeadlineError ? `${error.message}: contact course staff` : 'The autograder failed: contact course staff'
  const checks = job.checks.map((check) => toResult(check, skipped(notGradable ? 'The submission could not be graded' : reason)))
  const harnessError = notGradable ? undefined : { message: error instanceof Error ? error.message : String(error), stack: error instanceof Error ? error.stack : undefined }
  return {
    version: 1,
    assignment: job.assignment.id,
    submission: job.label ?? job.submission,
    seed: job.seed,
    gradable: false,
    notGradableReason: reason,
    score: 0,
    maxScore: maxScoreOf(job.checks),
    extraScore: 0,
    checks,
    programs: context.programs ?? {},
    durationMs: Date.now() - context.started,
    deadlineMs: context.deadlineMs,
    ...(harnessError ? { harnessError } : {}),
  }
}
