import type { Visibility } from '../report.js'

/** One graded check of a rubric */
export interface RubricCheck {
  readonly id: string
  readonly name: string
  readonly probe: string
  readonly params: Readonly<Record<string, unknown>>
  readonly points: number
  /** Extra credit points are earned on top of the maximum score */
  readonly extraCredit: boolean
  readonly visibility: Visibility
  /** Shown to the student when the check does not pass */
  readonly feedback?: string
  /** Ids of earlier checks that must pass, else this one is skipped */
  readonly requires: readonly string[]
}

/** A validated rubric: the checks of each assignment, in order */
export interface Rubric {
  readonly source: string
  readonly assignments: ReadonlyMap<string, readonly RubricCheck[]>
}

// The most a submission can score, extra credit excluded
export function maxScoreOf(checks: readonly RubricCheck[]): number {
  return checks.reduce((sum, check) => sum + (check.extraCredit ? 0 : check.points), 0)
}
