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
  // The redacted checks, each with what a student reads instead of its message
  const redacted = new Map(report.checks.filter((c) => !shown(c)).map((c) => [c.id, c.visibility === 'hidden' ? HIDDEN : AFTER_DUE_DATE]))
  const checks = report.checks.map((check): CheckResult => {
    // Spoiled by a crash a redacted check saw: the student learns that much, not what that check sent
    const by = check.spoiledBy === undefined ? undefined : redacted.get(check.spoiledBy)
    if (by && !redacted.has(check.id)) return { ...check, message: check.message.replace(/ \(see there\)$/, ` (${by.toLowerCase()})`).replace(/ \(see ("[^"]*")\)$/, ` (see $1, ${by.toLowerCase()})`) }
    if (!redacted.has(check.id)) return check
    const { hint: _hint, ...rest } = check
    return { ...rest, message: redacted.get(check.id) as string, transcript: [] }
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
