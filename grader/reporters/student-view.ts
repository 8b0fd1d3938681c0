import type { CheckResult, GradeReport } from '../report.js'

/** When the student looks: after the due date, `after_due_date` checks are shown */
export interface StudentViewOptions {
  readonly afterDueDate: boolean
}

const HIDDEN = 'Hidden until grades are released'
const AFTER_DUE_DATE = 'Shown after the due date'

// The report a student may see, as Gradescope shows it: hidden checks (and after-due-date checks before the due date)
// keep their names and points and still count, but not their inputs, messages, transcripts or hints. Pure
export function studentView(report: GradeReport, options: StudentViewOptions): GradeReport {
  const shown = (check: CheckResult) => check.visibility === 'visible' || (check.visibility === 'after_due_date' && options.afterDueDate)
  const redacted = new Set(report.checks.filter((c) => !shown(c)).map((c) => c.id))
  const checks = report.checks.map((check): CheckResult => {
    if (!redacted.has(check.id)) return check
    const { hint: _hint, ...rest } = check
    return { ...rest, message: check.visibility === 'hidden' ? HIDDEN : AFTER_DUE_DATE, transcript: [] }
  })
  // A cause first seen by a redacted check would tell what that check sent: it goes with the check
  const causes = report.causes?.filter((c) => !redacted.has(c.check))
  const { causes: _causes, harnessError, ...rest } = report
  return {
    ...rest,
    checks,
    ...(causes?.length ? { causes } : {}),
    // The grader's own stack is for course staff
    ...(harnessError ? { harnessError: { message: harnessError.message } } : {}),
  }
}
