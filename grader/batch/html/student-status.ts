import { baseScore, basePercent, type GradeReport } from '../../report.js'
import { STATUS_ORDER, statusLabel, type StudentStatus } from '../student-counts.js'

export { studentStatus, type StudentStatus } from '../student-counts.js'

/** A status as a table cell says it, in the words every count of students uses (student-counts.ts) */
export const STATUS_LABELS = Object.fromEntries(STATUS_ORDER.map((status) => [status, statusLabel(status)])) as Readonly<Record<StudentStatus, string>>

/** The mark of a check's status, in the table and beside each check */
export const CHECK_MARKS = { passed: '✓', failed: '✗', skipped: '–', error: '!' } as const

// "6/10 (60%)", plus extra credit when there is some
export function scoreText(report: GradeReport): string {
  const extra = report.extraScore > 0 ? ` + ${formatNumber(report.extraScore)} extra` : ''
  return `${formatNumber(baseScore(report))}/${formatNumber(report.maxScore)} (${Math.round(basePercent(report))}%)${extra}`
}

// At most one decimal, none when whole: 6, 6.5, 6.7
export function formatNumber(value: number): string {
  return String(Math.round(value * 10) / 10)
}
