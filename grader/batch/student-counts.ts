// Where a student stands, and the one set of words every count of students uses: the progress line, the class
// summary, the class report and its Markdown say "full marks", "partial", "zero", "not gradable", "grader error"
import { baseScore, isFullMarks, type GradeReport } from '../report.js'

/** Where a student stands, as the class summary counts them */
export type StudentStatus = 'full' | 'partial' | 'zero' | 'not-gradable' | 'grader-error'

/** How many students stand where, under the names the class summary gives them */
export interface StudentCounts {
  readonly fullMarks: number
  readonly partial: number
  readonly zero: number
  readonly notGradable: number
  readonly graderErrors: number
}

/** The statuses in the order every count lists them */
export const STATUS_ORDER: readonly StudentStatus[] = ['full', 'partial', 'zero', 'not-gradable', 'grader-error']

const FIELDS: Readonly<Record<StudentStatus, keyof StudentCounts>> = { full: 'fullMarks', partial: 'partial', zero: 'zero', 'not-gradable': 'notGradable', 'grader-error': 'graderErrors' }
const WORDS: Readonly<Record<StudentStatus, readonly [one: string, many: string]>> = {
  full: ['full marks', 'full marks'],
  partial: ['partial', 'partial'],
  zero: ['zero', 'zero'],
  'not-gradable': ['not gradable', 'not gradable'],
  'grader-error': ['grader error', 'grader errors'],
}

// A grader error outranks not gradable: the student is not to blame for either, but only one is their doing
export function studentStatus(report: GradeReport): StudentStatus {
  if (report.harnessError) return 'grader-error'
  if (!report.gradable) return 'not-gradable'
  if (isFullMarks(report)) return 'full'
  return baseScore(report) > 0 ? 'partial' : 'zero'
}

// "Full marks", "Not gradable": the status alone, as a table cell says it
export function statusLabel(status: StudentStatus): string {
  const [word] = WORDS[status]
  return word.charAt(0).toUpperCase() + word.slice(1)
}

// "8 full marks", "1 grader error", "2 grader errors"
export function countText(status: StudentStatus, count: number): string {
  return `${count} ${WORDS[status][count === 1 ? 0 : 1]}`
}

// Each count in order with its words; grader errors only when there are some (they are the grader's, not the class's)
export function countTexts(counts: StudentCounts): { status: StudentStatus; count: number; text: string }[] {
  return STATUS_ORDER.map((status) => ({ status, count: counts[FIELDS[status]] }))
    .filter(({ status, count }) => status !== 'grader-error' || count > 0)
    .map(({ status, count }) => ({ status, count, text: countText(status, count) }))
}

// Count one student's report where its status says
export function countStudent(counts: { -readonly [K in keyof StudentCounts]?: number }, report: GradeReport): void {
  const field = FIELDS[studentStatus(report)]
  counts[field] = (counts[field] ?? 0) + 1
}
