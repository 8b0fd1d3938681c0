// The three kinds of failure, never mixed: a program that misbehaves is a failed check (no error class),
// a submission that cannot be graded, and a grader, rubric or usage fault

/** The submission cannot be graded at all (missing program, empty folder): every check is skipped */
export class NotGradableError extends Error {
  readonly code = 'GRADER_NOT_GRADABLE'
  override name = 'NotGradableError'
}

/** The rubric or an assignment file is invalid; `problems` are `file:line:col: message` lines */
export class RubricError extends Error {
  readonly code = 'GRADER_RUBRIC'
  override name = 'RubricError'
  constructor(readonly problems: readonly string[]) {
    super(problems.join('\n'))
  }
}

/** The command line was wrong */
export class UsageError extends Error {
  readonly code = 'GRADER_USAGE'
  override name = 'UsageError'
}

/** A bug in the grader itself */
export class InternalError extends Error {
  readonly code = 'GRADER_INTERNAL'
  override name = 'InternalError'
}

/** A worker killed from outside at the grading's deadline: its own watchdog did not end the grading in time */
export class GradingDeadlineError extends InternalError {
  constructor(readonly deadlineMs: number) {
    super(`The grading did not finish within its deadline of ${deadlineMs} ms and was stopped`)
  }
}
