import { gradeSubmission } from '../grade-submission.js'
import type { GradeReport } from '../report.js'
import { reporters } from '../reporters/index.js'
import { studentView } from '../reporters/student-view.js'
import type { Rubric } from '../rubric/rubric.js'
import type { IsolationChoice, IsolationRequest } from '../sandbox/detect.js'
import { fixFirstLine } from './fix-first.js'

/** Everything one run of `sockgrade check` needs; the same for every run of `--watch` */
export interface CheckSettings {
  readonly dir: string
  readonly label: string
  readonly assignment: string
  readonly seed: number
  readonly timeoutScale: number
  readonly isolation: IsolationRequest
  /** The course's rubric, when not the bundled one */
  readonly rubric?: Rubric
  // Whether after-due-date checks are shown, asked at each run (a --due time can pass while watching)
  readonly afterDueDate: () => boolean
  readonly onIsolation?: (choice: IsolationChoice) => void
}

// Grade the folder and return the report as the student may see it
export async function gradeForStudent(settings: CheckSettings): Promise<GradeReport> {
  const report = await gradeSubmission({
    submission: settings.dir,
    label: settings.label,
    assignment: settings.assignment,
    seed: settings.seed,
    timeoutScale: settings.timeoutScale,
    isolation: settings.isolation,
    rubric: settings.rubric,
    onIsolation: settings.onIsolation,
  })
  return studentView(report, { afterDueDate: settings.afterDueDate() })
}

// The terminal report, what changed since the last run (watch mode), and last the one line on what to fix first
export function renderForStudent(report: GradeReport, color: boolean, changes?: string): string {
  return `${reporters.terminal.render(report, { color })}${changes ? `${changes}\n` : ''}${fixFirstLine(report)}\n`
}
