import { expect } from 'vitest'
import { gradeSubmission } from '../grade-submission.js'
import type { GradeReport } from '../report.js'
import { detectIsolation } from '../sandbox/detect.js'

/** Whether this machine can grade in the sandbox */
export const sandboxHere = (await detectIsolation()).mode === 'sandbox'

/** The isolation modes this machine grades in: host, and the sandbox where it can be had */
export const shapeModes = sandboxHere ? (['host', 'sandbox'] as const) : (['host'] as const)

// A shape of public student code graded whole with the bundled rubric: it must be gradable with no grader error, so
// a test of its verdict never passes on a report that says nothing
export async function gradeShape(assignment: string, dir: string, options: { seed: number; isolation: 'host' | 'sandbox' }): Promise<GradeReport> {
  const report = await gradeSubmission({ submission: dir, assignment, seed: options.seed, isolation: options.isolation })
  expect(report.harnessError).toBeUndefined()
  expect(report.gradable, report.notGradableReason).toBe(true)
  return report
}

// What a check said: its message and its hint, in one string
export function said(report: GradeReport, id: string): string {
  const check = report.checks.find((c) => c.id === id)
  return `${check?.message ?? ''} ${check?.hint ?? ''}`
}
