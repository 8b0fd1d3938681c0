import type { CheckResult, GradeReport } from '../report.js'

/** What the student may see: `after_due_date` checks are shown once the due date has passed */
export interface StudentViewOptions {
  readonly afterDueDate: boolean
}

type StudentView = (report: GradeReport, options: StudentViewOptions) => GradeReport

// Where the shared student-facing view lives; a variable, so the build does not need the file to exist yet
const STUDENT_VIEW_MODULE = '../reporters/student-view.js'
let loaded: StudentView | undefined

// The report as a student may see it: the reporters' studentView when it is there, else the fallback below
export async function studentReport(report: GradeReport, options: StudentViewOptions): Promise<GradeReport> {
  loaded ??= await import(STUDENT_VIEW_MODULE).then(
    (module: { studentView?: StudentView }) => module.studentView ?? fallbackStudentView,
    () => fallbackStudentView,
  )
  return loaded(report, options)
}

export const HIDDEN_MESSAGE = 'Hidden until grades are released'

// FALLBACK, until grader/reporters/student-view.ts lands (issue 7): a hidden check (or an after-due-date one before
// the due date) keeps its name, status and points, never its input, message or hint
export function fallbackStudentView(report: GradeReport, options: StudentViewOptions): GradeReport {
  const hide = (c: CheckResult) => c.visibility === 'hidden' || (c.visibility === 'after_due_date' && !options.afterDueDate)
  return { ...report, checks: report.checks.map((c) => (hide(c) ? { ...c, message: HIDDEN_MESSAGE, hint: undefined, transcript: [] } : c)) }
}
