import { describe, expect, test } from 'vitest'
import { batchResults } from './entries.js'
import { MAX_SCORE, sampleEntries, SETTINGS } from './fixtures/class-entries.js'
import { progressBar, progressLine, shortDuration, type ProgressState } from './progress-text.js'
import { countStudent } from './student-counts.js'
import { renderClassSummary } from './summary-text.js'

const state = (over: Partial<ProgressState> = {}): ProgressState => ({
  total: 100,
  resumed: 0,
  done: 40,
  fullMarks: 30,
  partial: 6,
  zero: 2,
  notGradable: 2,
  graderErrors: 0,
  running: new Map([
    ['bob', 50_000],
    ['alice', 37_000],
  ]),
  startedAt: 0,
  ...over,
})

describe('batch progress text', () => {
  test('a plain line names the counts, the slowest student, the rate and what is left', () => {
    expect(progressLine(state(), 60_000)).toBe('Graded 40 of 100: 30 full marks, 6 partial, 2 zero, 2 not gradable, 2 running (slowest: alice 23s), 40.0 a minute, about 1m30s left')
  })

  test('students graded by an earlier run count as done, not in the rate', () => {
    expect(progressLine(state({ resumed: 30 }), 60_000)).toContain('10.0 a minute, about 6m00s left')
  })

  test('before the first result there is no rate to show', () => {
    expect(progressLine(state({ done: 0, fullMarks: 0, partial: 0, zero: 0, notGradable: 0, running: new Map() }), 1000)).toBe('Graded 0 of 100: 0 full marks, 0 partial, 0 zero, 0 not gradable, 0 running')
  })

  test('the bar fills with done/total and is cut to the terminal width', () => {
    const line = progressBar(state(), 60_000, 200)
    expect(line.startsWith(`${'█'.repeat(8)}${'░'.repeat(12)} 40/100 40.0/min ETA 1m30s · 30 full marks`)).toBe(true)
    expect([...progressBar(state(), 60_000, 40)].length).toBe(39)
  })

  test('a zero score counts as zero, not partial, and a grader error apart from not gradable', () => {
    const line = progressLine(state({ done: 17, fullMarks: 8, partial: 2, zero: 6, notGradable: 0, graderErrors: 1, running: new Map() }), 60_000)
    expect(line).toBe('Graded 17 of 100: 8 full marks, 2 partial, 6 zero, 0 not gradable, 1 grader error, 0 running, 17.0 a minute, about 4m53s left')
  })

  test('a class counted as it is graded reads as its summary does: the same counts in the same words', () => {
    const results = batchResults(SETTINGS, sampleEntries(), MAX_SCORE)
    const counted = { total: 6, resumed: 0, done: 6, fullMarks: 0, partial: 0, zero: 0, notGradable: 0, graderErrors: 0, running: new Map(), startedAt: 0 }
    for (const entry of results.entries) countStudent(counted, entry.report)
    const progress = (/^Graded 6 of 6: (.*), 0 running/.exec(progressLine(counted, 60_000))?.[1] ?? '').split(', ')
    const summary = (renderClassSummary(results, { color: false }).split('\n')[1] as string).trim().replace(' (contact course staff)', '').split(' · ')
    expect(summary).toEqual(['2 full marks', '1 partial', '1 zero', '1 not gradable', '1 grader error'])
    expect(progress).toEqual(summary)
  })

  test('durations read as seconds, then minutes and seconds', () => {
    expect([shortDuration(0), shortDuration(41_600), shortDuration(65_000), shortDuration(3_600_000)]).toEqual(['0s', '42s', '1m05s', '60m00s'])
  })
})
