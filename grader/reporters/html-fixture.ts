// A report whose every student-controlled field is hostile, for the html reporter's tests
import type { GradeReport } from '../report.js'
import { HOSTILE, literalReport } from './sample-reports.js'

// The literal report with markup, a script, a javascript: link and terminal codes wherever the student reaches
export function hostileReport(): GradeReport {
  return {
    ...literalReport,
    submission: `mallory ${HOSTILE}`,
    programs: { server: `${HOSTILE}.py` },
    notes: [HOSTILE],
    causes: [{ side: 'server', check: 'server-answers-basic', message: HOSTILE }],
    checks: literalReport.checks.map((check) => ({ ...check, message: `${check.message} ${HOSTILE}`, transcript: [{ dir: 'sent', text: '"hello"' }, { dir: 'received', text: HOSTILE }] })),
  }
}
