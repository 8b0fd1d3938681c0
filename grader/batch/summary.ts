import { basePercent, baseScore, type CheckResult, type GradeReport } from '../report.js'
import { countStudent } from './student-counts.js'
import type { BatchEntry, CheckSummary, ClassSummary, HistogramBin } from './types.js'

const BIN_COUNT = 10

// The class at a glance, from its entries alone. A report with a harnessError counts only as a grader error:
// its score says nothing about the student, so it is left out of the mean, the median, the histogram and the
// check pass rates, as not-gradable students are (their base score would be a 0 they did not earn by grading)
export function classSummary(entries: readonly BatchEntry[], maxScore: number): ClassSummary {
  const graded = entries.map((e) => e.report).filter(isGraded)
  const scores = graded.map(baseScore).sort((a, b) => a - b)
  const counts = { fullMarks: 0, partial: 0, zero: 0, notGradable: 0, graderErrors: 0 }
  for (const { report } of entries) countStudent(counts, report)
  return {
    students: entries.length,
    ...counts,
    maxScore,
    meanScore: round2(scores.reduce((sum, s) => sum + s, 0) / (scores.length || 1)),
    medianScore: round2(median(scores)),
    histogram: histogram(graded),
    checks: checkSummaries(entries.map((e) => e.report), graded.length),
  }
}

// Graded: the grader ran to the end and the submission could be run
function isGraded(report: GradeReport): boolean {
  return report.gradable && !report.harnessError
}

function median(sorted: readonly number[]): number {
  if (sorted.length === 0) return 0
  const mid = Math.floor(sorted.length / 2)
  return sorted.length % 2 === 1 ? (sorted[mid] as number) : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2
}

function round2(n: number): number {
  return Math.round(n * 100) / 100
}

// Ten bins of ten points: [0, 10), [10, 20) ... [90, 100], the last one holding 100 too
function histogram(graded: readonly GradeReport[]): HistogramBin[] {
  const counts = new Array<number>(BIN_COUNT).fill(0)
  for (const report of graded) counts[binOf(basePercent(report))]! += 1
  return counts.map((count, i) => ({ fromPercent: i * 10, toPercent: (i + 1) * 10, count }))
}

// 3/30 points is 10.000000000000002% in floating point and 7/70 is 9.999999999999998%: round to a millionth
// of a point first, so a score on a bin's edge lands in the bin it reads as
export function binOf(percent: number): number {
  const p = Math.round(percent * 1e6) / 1e6
  return Math.min(BIN_COUNT - 1, Math.max(0, Math.floor(p / 10)))
}

// Every check: those that carry points first, the lowest pass rate first (failed and skipped both count against it),
// then extra credit, then advisory checks; equal rates keep rubric order (the order the checks first appear in).
// Only graded students count; a check the grader itself failed on ('error') counts as skipped, not failed
function checkSummaries(reports: readonly GradeReport[], gradedCount: number): CheckSummary[] {
  const byId = new Map<string, { check: CheckResult; order: number; passed: number; failed: number; skipped: number }>()
  for (const report of reports) {
    for (const check of report.checks) {
      if (!byId.has(check.id)) byId.set(check.id, { check, order: byId.size, passed: 0, failed: 0, skipped: 0 })
      if (!isGraded(report)) continue
      const tally = byId.get(check.id)!
      if (check.status === 'passed') tally.passed++
      else if (check.status === 'failed') tally.failed++
      else tally.skipped++
    }
  }
  return [...byId.values()]
    .sort((a, b) => kind(a.check) - kind(b.check) || a.passed - b.passed || b.failed - a.failed || a.order - b.order)
    .map(({ check, passed, failed, skipped }) => ({
      id: check.id,
      name: check.name,
      maxScore: check.maxScore,
      ...(check.extraCredit ? { extraCredit: true } : {}),
      passed,
      failed,
      skipped,
      passRate: gradedCount > 0 ? passed / gradedCount : 0,
    }))
}

// Checks that carry points, then extra credit, then advisory ones (no points)
function kind(check: CheckResult): number {
  return check.extraCredit ? 1 : check.maxScore === 0 ? 2 : 0
}
