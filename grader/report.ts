// The grading result model shared by the grader, the reporters and the CLI

export type Visibility = 'visible' | 'hidden' | 'after_due_date'
export type CheckStatus = 'passed' | 'failed' | 'skipped' | 'error'

/** One line of what was exchanged with a student program during a check */
export interface TranscriptLine {
  readonly dir: 'sent' | 'received' | 'note'
  readonly text: string
}

/** The graded result of one rubric check */
export interface CheckResult {
  readonly id: string
  readonly name: string
  readonly status: CheckStatus
  readonly score: number
  readonly maxScore: number
  readonly extraCredit: boolean
  readonly visibility: Visibility
  readonly message: string
  /** Rubric feedback shown when the check did not pass */
  readonly hint?: string
  /** Set on a check skipped because of a crash: the id of the check that reported it (see `causes`) */
  readonly spoiledBy?: string
  readonly transcript: readonly TranscriptLine[]
}

/** The cause behind the checks a crash spoiled, named once in the report's headline */
export interface ReportCause {
  readonly side: 'server' | 'client'
  /** The first check that saw it: it says what happened and gives the hint; the later ones are skipped */
  readonly check: string
  /** What happened: the error line, file, line number and code ("The client exited with code 1: TypeError: ...") */
  readonly message: string
}

/** Everything known about one graded submission; `--json` prints exactly this */
export interface GradeReport {
  readonly version: 1
  readonly assignment: string
  readonly submission: string
  readonly gradable: boolean
  /** Why the submission could not be graded, when `gradable` is false */
  readonly notGradableReason?: string
  /** Points earned, extra credit included (as Gradescope counts them) */
  readonly score: number
  /** The most a submission can earn without extra credit */
  readonly maxScore: number
  /** The part of `score` that came from extra-credit checks */
  readonly extraScore: number
  readonly checks: readonly CheckResult[]
  /** The program files that were graded, relative to the submission */
  readonly programs: { readonly server?: string; readonly client?: string }
  /** How the programs were found, when it took more than their expected names ("server: srv.py, chosen by content ...") */
  readonly notes?: readonly string[]
  /** Set when a program crashed, never started, or is Python 2: what happened, once per program */
  readonly causes?: readonly ReportCause[]
  readonly seed: number
  readonly durationMs: number
  /** The grading's hard deadline, from its rubric and timing (times --timeout-scale): a report is out by then */
  readonly deadlineMs: number
  /** Set when the grading reached its deadline: the checks not finished then failed, saying what they waited for */
  readonly deadlineReached?: true
  /** Set when the grader itself failed while grading this submission */
  readonly harnessError?: { readonly message: string; readonly stack?: string }
}

// Ids of the checks that did not pass, sorted: what a report is compared with expect.yaml by
export function lostCheckIds(report: GradeReport): string[] {
  return report.checks.filter((c) => c.status !== 'passed').map((c) => c.id).sort()
}

// True when every point that counts was earned; extra credit cannot make up for a lost one
export function isFullMarks(report: GradeReport): boolean {
  return report.gradable && !report.harnessError && baseScore(report) >= report.maxScore
}

// The score without extra credit
export function baseScore(report: GradeReport): number {
  return report.score - report.extraScore
}

// "10/10", or "10/10 +2" with extra credit: the base score out of the maximum, extra credit apart
export function scoreText(report: GradeReport): string {
  return `${baseScore(report)}/${report.maxScore}${report.extraScore > 0 ? ` +${report.extraScore}` : ''}`
}

// The score as a percentage of the maximum, extra credit left out
export function basePercent(report: GradeReport): number {
  return report.maxScore > 0 ? (baseScore(report) / report.maxScore) * 100 : 0
}
