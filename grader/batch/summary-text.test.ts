import { describe, expect, test } from 'vitest'
import { batchResults } from './entries.js'
import { entry, MAX_SCORE, report, sampleEntries, SETTINGS } from './fixtures/class-entries.js'
import { renderClassSummary } from './summary-text.js'

describe('renderClassSummary', () => {
  test('counts, mean and median, a histogram row per bin and the checks failed most (extra credit not earned is no failure)', () => {
    const text = renderClassSummary(batchResults(SETTINGS, sampleEntries(), MAX_SCORE), { color: false })
    expect(text).toBe(
      [
        'Class summary · uppercase-udp (6 students, seed 7)',
        '  2 full marks · 1 partial · 1 zero · 1 not gradable · 1 grader error (contact course staff)',
        '  Score of the 4 graded students: mean 6.5/10, median 8/10 (extra credit left out)',
        '',
        '  Scores (% of 10 points)',
        `     0–10% ${'█'.repeat(15)}${' '.repeat(15)} 1`,
        `    10–20% ${' '.repeat(30)} 0`,
        `    20–30% ${' '.repeat(30)} 0`,
        `    30–40% ${' '.repeat(30)} 0`,
        `    40–50% ${' '.repeat(30)} 0`,
        `    50–60% ${' '.repeat(30)} 0`,
        `    60–70% ${'█'.repeat(15)}${' '.repeat(15)} 1`,
        `    70–80% ${' '.repeat(30)} 0`,
        `    80–90% ${' '.repeat(30)} 0`,
        `   90–100% ${'█'.repeat(30)} 2`,
        '',
        '  Checks failed most',
        '    ✗ server-answers-basic   50% passed  1 failed, Server answers a simple sentence',
        '    ✗ server-listens         75% passed  1 failed, Server listens on the port it is given',
        '    ✗ client-prints-reply    75% passed  1 failed, Client prints the reply',
        '',
      ].join('\n'),
    )
  })

  test('a bin with one student among many still shows a block', () => {
    const many = Array.from({ length: 100 }, (_, i) => entry(`s${String(i).padStart(3, '0')}`, report(['passed', 'passed', 'passed', 'passed'])))
    const text = renderClassSummary(batchResults(SETTINGS, [...many, entry('zero', report(['failed', 'failed', 'failed', 'failed']))], MAX_SCORE), { color: false })
    expect(text).toContain(`     0–10% █${' '.repeat(29)} 1\n`)
    expect(text).toContain(`   90–100% ${'█'.repeat(30)} 100\n`)
    expect(text.match(/✗/g)).toHaveLength(3)
  })

  test('at most the 5 checks failed most', () => {
    const base = report(['failed', 'failed', 'failed', 'failed'])
    const seven = { ...base, checks: Array.from({ length: 7 }, (_, i) => ({ ...base.checks[0]!, id: `check-${i + 1}` })) }
    const text = renderClassSummary(batchResults(SETTINGS, [entry('a', seven)], MAX_SCORE), { color: false })
    expect(text.match(/✗ check-\d/g)).toEqual(['✗ check-1', '✗ check-2', '✗ check-3', '✗ check-4', '✗ check-5'])
  })

  test('an advisory check (no points) is not among the checks failed most', () => {
    const base = report(['failed', 'failed', 'failed', 'failed'])
    const advisory = { ...base, checks: [{ ...base.checks[0]!, id: 'advisory-check', maxScore: 0, score: 0 }, { ...base.checks[1]!, id: 'scored-check' }] }
    const text = renderClassSummary(batchResults(SETTINGS, [entry('a', advisory)], MAX_SCORE), { color: false })
    expect(text).toContain('scored-check')
    expect(text).not.toContain('advisory-check')
  })

  test('nobody graded: no mean or histogram, and every check passing says so', () => {
    const notGradable = report(['skipped', 'skipped', 'skipped', 'skipped'], { gradable: false, score: 0, extraScore: 0 })
    const text = renderClassSummary(batchResults(SETTINGS, [entry('a', notGradable)], MAX_SCORE), { color: false })
    expect(text).toContain('  No student could be graded: no mean, median or histogram\n')
    expect(text).not.toContain('█')
    expect(text).toContain('No check failed for any graded student')
  })

  test('colour only when asked', () => {
    const results = batchResults(SETTINGS, sampleEntries(), MAX_SCORE)
    expect(renderClassSummary(results, { color: false })).not.toMatch(/\u001b/)
    const coloured = renderClassSummary(results, { color: true })
    expect(coloured).toContain('\u001b[32m2 full marks\u001b[39m')
    expect(coloured).toContain('\u001b[31m✗\u001b[39m')
  })
})
