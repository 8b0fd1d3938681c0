import { describe, expect, test } from 'vitest'
import type { GradeReport } from '../report.js'
import { batchResults } from './entries.js'
import { CHECKS, entry, MAX_SCORE, report, sampleEntries, SETTINGS } from './fixtures/class-entries.js'
import { binOf, classSummary } from './summary.js'

// A gradable report with this base score out of maxScore, its checks left as they are
function scored(base: number, maxScore = MAX_SCORE): GradeReport {
  return report(['failed', 'failed', 'failed', 'failed'], { score: base, extraScore: 0, maxScore })
}

describe('classSummary', () => {
  test('counts each kind of student once; a grader error is its own count, outside every score statistic', () => {
    const summary = classSummary(sampleEntries(), MAX_SCORE)
    expect(summary).toMatchObject({ students: 6, fullMarks: 2, partial: 1, zero: 1, notGradable: 1, graderErrors: 1, maxScore: 10 })
    // graded base scores 0, 6, 10, 10 (the extra-credit point of 1001 left out)
    expect(summary.meanScore).toBe(6.5)
    expect(summary.medianScore).toBe(8)
    expect(summary.histogram.map((bin) => bin.count)).toEqual([1, 0, 0, 0, 0, 0, 1, 0, 0, 2])
  })

  test('checks: those with points first, the lowest pass rate first, ties in rubric order; extra credit last', () => {
    const { checks } = classSummary(sampleEntries(), MAX_SCORE)
    expect(checks).toEqual([
      { id: 'server-answers-basic', name: CHECKS[1].name, maxScore: 4, passed: 2, failed: 1, skipped: 1, passRate: 0.5 },
      { id: 'server-listens', name: CHECKS[0].name, maxScore: 2, passed: 3, failed: 1, skipped: 0, passRate: 0.75 },
      { id: 'client-prints-reply', name: CHECKS[2].name, maxScore: 4, passed: 3, failed: 1, skipped: 0, passRate: 0.75 },
      { id: 'server-concurrent', name: CHECKS[3].name, maxScore: 1, extraCredit: true, passed: 1, failed: 2, skipped: 1, passRate: 0.25 },
    ])
  })

  test('an advisory check (no points) comes after extra credit, whatever its pass rate', () => {
    const base = sampleEntries()
    const withAdvisory = base.map((e) => ({ ...e, report: { ...e.report, checks: [{ ...e.report.checks[0]!, id: 'advisory', maxScore: 0, score: 0, status: 'failed' as const }, ...e.report.checks] } }))
    expect(classSummary(withAdvisory, MAX_SCORE).checks.map((c) => c.id)).toEqual(['server-answers-basic', 'server-listens', 'client-prints-reply', 'server-concurrent', 'advisory'])
  })

  test('histogram edges: 0 and 9.99 in the first bin, 10 in the second, 100 in the last', () => {
    const entries = [0, 0.999, 1, 10].map((base, i) => entry(`s${i}`, scored(base)))
    const { histogram } = classSummary(entries, MAX_SCORE)
    expect(histogram.map((bin) => [bin.fromPercent, bin.toPercent, bin.count])).toEqual([
      [0, 10, 2],
      [10, 20, 1],
      [20, 30, 0],
      [30, 40, 0],
      [40, 50, 0],
      [50, 60, 0],
      [60, 70, 0],
      [70, 80, 0],
      [80, 90, 0],
      [90, 100, 1],
    ])
  })

  test('a score on a bin edge lands in that bin despite floating point (3/30 and 7/70 are 10%)', () => {
    expect([(3 / 30) * 100, (7 / 70) * 100, (29 / 100) * 100, 99.999, 100, 9.99].map(binOf)).toEqual([1, 1, 2, 9, 9, 0])
    const { histogram } = classSummary([entry('a', scored(3, 30)), entry('b', scored(7, 70))], 30)
    expect(histogram[1]?.count).toBe(2)
  })

  test('mean is rounded to 2 decimals; median of an even count is the mean of the middle two', () => {
    const summary = classSummary([1, 2, 2, 5].map((base, i) => entry(`s${i}`, scored(base))), MAX_SCORE)
    expect(summary.meanScore).toBe(2.5)
    expect(summary.medianScore).toBe(2)
    const thirds = classSummary([1, 1, 2].map((base, i) => entry(`s${i}`, scored(base))), MAX_SCORE)
    expect(thirds.meanScore).toBe(1.33)
    expect(thirds.medianScore).toBe(1)
  })

  test('no graded student: zeros, an empty histogram, pass rates of 0', () => {
    const summary = classSummary(sampleEntries().slice(4), MAX_SCORE)
    expect(summary).toMatchObject({ students: 2, fullMarks: 0, partial: 0, zero: 0, notGradable: 1, graderErrors: 1, meanScore: 0, medianScore: 0 })
    expect(summary.histogram.every((bin) => bin.count === 0)).toBe(true)
    expect(summary.checks.map((c) => c.passRate)).toEqual([0, 0, 0, 0])
  })

  test('an empty class', () => {
    expect(classSummary([], MAX_SCORE)).toMatchObject({ students: 0, meanScore: 0, medianScore: 0, checks: [] })
  })
})

describe('batchResults', () => {
  test('sorts entries by id in code-unit order, not by locale', () => {
    const ids = ['b', 'B', 'a', 'é', 'Z', '10', '9', 'e']
    const results = batchResults(SETTINGS, ids.map((id) => entry(id, scored(5))), MAX_SCORE)
    expect(results.entries.map((e) => e.student.id)).toEqual(['10', '9', 'B', 'Z', 'a', 'b', 'e', 'é'])
    expect(results.summary.students).toBe(8)
    expect(results.settings).toBe(SETTINGS)
  })
})
