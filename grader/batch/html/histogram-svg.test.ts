import { expect, test } from 'vitest'
import { histogramBars, histogramSvg } from './histogram-svg.js'

const bins = (counts: number[]) => counts.map((count, k) => ({ fromPercent: k * 10, toPercent: k * 10 + 10, count }))

test('bar heights are proportional to the counts, the tallest filling the plot, bottoms aligned', () => {
  const bars = histogramBars(bins([0, 1, 2, 0, 4, 0, 0, 0, 0, 8]))
  expect(bars).toHaveLength(10)
  expect(bars.map((b) => b.height)).toEqual([0, 19.75, 39.5, 0, 79, 0, 0, 0, 0, 158])
  expect(new Set(bars.map((b) => b.y + b.height))).toEqual(new Set([180]))
  const steps = bars.slice(1).map((b, k) => Math.round((b.x - (bars[k] as { x: number }).x) * 100) / 100)
  expect(new Set(steps)).toEqual(new Set([50.4]))
  expect(bars.every((b) => b.width > 0 && b.x + b.width <= 520)).toBe(true)
  expect(bars[9]?.label).toBe('90–100%')
})

test('an empty class draws flat bars, not NaN', () => {
  const bars = histogramBars(bins(new Array(10).fill(0)))
  expect(bars.every((b) => b.height === 0 && Number.isFinite(b.y))).toBe(true)
})

test('the SVG has a rect, a title and a written count per bin', () => {
  const svg = histogramSvg(bins([3, 0, 0, 0, 0, 0, 0, 0, 1, 2])).value
  expect(svg.match(/<rect /g)).toHaveLength(10)
  expect(svg).toContain('<title>3 students, 0–10%</title>')
  expect(svg).toContain('<title>1 student, 80–90%</title>')
  expect(svg.match(/<text class="count"[^>]*>(\d+)<\/text>/g)?.map((t) => t.replace(/<[^>]+>/g, ''))).toEqual(['3', '0', '0', '0', '0', '0', '0', '0', '1', '2'])
  expect(svg).toContain('role="img"')
})
