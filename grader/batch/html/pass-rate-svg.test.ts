import { expect, test } from 'vitest'
import type { CheckSummary } from '../types.js'
import { passRateRows, passRateSvg } from './pass-rate-svg.js'

const check = (id: string, passed: number, failed: number, passRate: number): CheckSummary => ({ id, name: `Name of ${id}`, maxScore: 1, passed, failed, skipped: 0, passRate })

test('a bar per check, in the given order, as wide as its pass rate (clamped)', () => {
  const rows = passRateRows([check('b', 1, 3, 0.25), check('a', 4, 0, 1), check('odd', 0, 0, Number.NaN), check('over', 5, 0, 1.5)])
  expect(rows.map((r) => [r.check.id, r.width, r.percent])).toEqual([
    ['b', 50, 25],
    ['a', 200, 100],
    ['odd', 0, 0],
    ['over', 200, 100],
  ])
  expect(rows.map((r) => r.y)).toEqual([6, 30, 54, 78])
})

test('the rate and the counts are written as text, the check name in a title', () => {
  const svg = passRateSvg([check('server-listens', 3, 1, 0.75)]).value
  expect(svg).toContain('75% · 3 passed')
  expect(svg).toContain('<title>Name of server-listens: 3 passed, 1 failed, 0 skipped</title>')
  expect(svg.match(/<rect class="bar"/g)).toHaveLength(1)
})
