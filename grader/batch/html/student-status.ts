import { baseScore, basePercent, isFullMarks, type GradeReport } from '../../report.js'

/** Where a student stands, as the class summary counts them */
export type StudentStatus = 'full' | 'partial' | 'zero' | 'not-gradable' | 'grader-error'

export const STATUS_LABELS: Readonly<Record<StudentStatus, string>> = {
  full: 'Full marks',
  partial: 'Partial',
  zero: 'Zero',
  'not-gradable': 'Not gradable',
  'grader-error': 'Grader error',
}

/** The mark of a check's status, in the table and beside each check */
export const CHECK_MARKS = { passed: '✓', failed: '✗', skipped: '–', error: '!' } as const

// A grader error outranks not gradable: the student is not to blame for either, but only one is their doing
export function studentStatus(report: GradeReport): StudentStatus {
  if (report.harnessError) return 'grader-error'
  if (!report.gradable) return 'not-gradable'
  if (isFullMarks(report)) return 'full'
  return baseScore(report) > 0 ? 'partial' : 'zero'
}

// "6/10 (60%)", plus extra credit when there is some
export function scoreText(report: GradeReport): string {
  const extra = report.extraScore > 0 ? ` + ${formatNumber(report.extraScore)} extra` : ''
  return `${formatNumber(baseScore(report))}/${formatNumber(report.maxScore)} (${Math.round(basePercent(report))}%)${extra}`
}

// At most one decimal, none when whole: 6, 6.5, 6.7
export function formatNumber(value: number): string {
  return String(Math.round(value * 10) / 10)
}
