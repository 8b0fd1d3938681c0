import { findAssignment } from '../assignments/load.js'
import { grade } from '../grade.js'
import { bundledRubric } from '../grade-submission.js'
import type { CheckResult, GradeReport } from '../report.js'

// Grade a folder against some of an assignment's bundled checks (all when `ids` is absent)
export async function gradeFixture(assignmentId: string, dir: string, ids?: readonly string[], seed = 1): Promise<GradeReport> {
  const assignment = findAssignment(assignmentId)
  if (!assignment) throw new Error(`no assignment ${assignmentId}`)
  const all = bundledRubric().assignments.get(assignmentId) ?? []
  const chosen = ids ? all.filter((c) => ids.includes(c.id)) : all
  if (ids && chosen.length !== ids.length) throw new Error(`unknown check among ${ids.join(', ')}`)
  const kept = new Set(chosen.map((c) => c.id))
  const checks = chosen.map((c) => ({ ...c, requires: c.requires.filter((r) => kept.has(r)) }))
  return grade({ submission: dir, assignment, checks, seed, timeoutScale: 1 })
}

// One check of a report, by id
export function checkOf(report: GradeReport, id: string): CheckResult {
  const check = report.checks.find((c) => c.id === id)
  if (!check) throw new Error(`no check ${id} in report`)
  return check
}
