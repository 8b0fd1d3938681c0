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
  const redacted = redactedChecks(report, options)
  const checks = report.checks.map((check): CheckResult => {
    if (!redacted.has(check.id)) return { ...check, message: spoiledMessage(check, redacted) }
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

// The checks a student does not see in full, each with what the student reads instead of its message
export function redactedChecks(report: GradeReport, options: StudentViewOptions): ReadonlyMap<string, string> {
  const shown = (check: CheckResult) => check.visibility === 'visible' || (check.visibility === 'after_due_date' && options.afterDueDate)
  return new Map(report.checks.filter((c) => !shown(c)).map((c) => [c.id, c.visibility === 'hidden' ? HIDDEN : AFTER_DUE_DATE]))
}

// A check's message, which when a crash a redacted check saw spoiled it says that much instead of pointing there
export function spoiledMessage(check: CheckResult, redacted: ReadonlyMap<string, string>): string {
  const by = check.spoiledBy === undefined ? undefined : redacted.get(check.spoiledBy)
  if (!by) return check.message
  return check.message.replace(/ \(see there\)$/, ` (${by.toLowerCase()})`).replace(/ \(see ("[^"]*")\)$/, ` (see $1, ${by.toLowerCase()})`)
}
