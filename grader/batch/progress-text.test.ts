import { describe, expect, test } from 'vitest'
import { progressBar, progressLine, shortDuration, type ProgressState } from './progress-text.js'

const state = (over: Partial<ProgressState> = {}): ProgressState => ({
  total: 100,
  resumed: 0,
  done: 40,
  fullMarks: 30,
  partial: 8,
  notGradable: 2,
  running: new Map([
    ['bob', 50_000],
    ['alice', 37_000],
  ]),
  startedAt: 0,
  ...over,
})

describe('batch progress text', () => {
  test('a plain line names the counts, the slowest student, the rate and what is left', () => {
    expect(progressLine(state(), 60_000)).toBe('Graded 40 of 100: 30 full marks, 8 partial, 2 not gradable, 2 running (slowest: alice 23s), 40.0 a minute, about 1m30s left')
  })

  test('students graded by an earlier run count as done, not in the rate', () => {
    expect(progressLine(state({ resumed: 30 }), 60_000)).toContain('10.0 a minute, about 6m00s left')
  })

  test('before the first result there is no rate to show', () => {
    expect(progressLine(state({ done: 0, fullMarks: 0, partial: 0, notGradable: 0, running: new Map() }), 1000)).toBe('Graded 0 of 100: 0 full marks, 0 partial, 0 not gradable, 0 running')
  })

  test('the bar fills with done/total and is cut to the terminal width', () => {
    const line = progressBar(state(), 60_000, 200)
    expect(line.startsWith(`${'█'.repeat(8)}${'░'.repeat(12)} 40/100 40.0/min ETA 1m30s · 30 full marks`)).toBe(true)
    expect([...progressBar(state(), 60_000, 40)].length).toBe(39)
  })

  test('durations read as seconds, then minutes and seconds', () => {
    expect([shortDuration(0), shortDuration(41_600), shortDuration(65_000), shortDuration(3_600_000)]).toEqual(['0s', '42s', '1m05s', '60m00s'])
  })
})
