import type { HistogramBin } from '../types.js'
import { html, type Markup } from './escape.js'

// Two bar charts do not need a chart library: the smallest one inlined would outweigh the whole page of a small
// class, and would need a script (and so a looser CSP) to draw what a few <rect>s show with no script at all

const WIDTH = 520
const HEIGHT = 220
const TOP = 22
const BOTTOM = 40
const LEFT = 8
const GAP = 6

/** One bar of the histogram, in SVG user units */
export interface HistogramBar {
  readonly x: number
  readonly y: number
  readonly width: number
  readonly height: number
  readonly count: number
  /** "20–30%" */
  readonly label: string
}

// Bars side by side, their heights proportional to the counts, the tallest filling the plot
export function histogramBars(bins: readonly HistogramBin[]): HistogramBar[] {
  const plotHeight = HEIGHT - TOP - BOTTOM
  const slot = (WIDTH - 2 * LEFT) / Math.max(bins.length, 1)
  const most = Math.max(1, ...bins.map((b) => b.count))
  return bins.map((bin, index) => {
    const height = (bin.count / most) * plotHeight
    return {
      x: round(LEFT + index * slot + GAP / 2),
      y: round(TOP + plotHeight - height),
      width: round(slot - GAP),
      height: round(height),
      count: bin.count,
      label: `${bin.fromPercent}–${bin.toPercent}%`,
    }
  })
}

function round(value: number): number {
  return Math.round(value * 100) / 100
}

// The score histogram as an accessible SVG: each bar has a title, and its count is written above it
export function histogramSvg(bins: readonly HistogramBin[]): Markup {
  const bars = histogramBars(bins)
  const axisY = HEIGHT - BOTTOM
  const total = bins.reduce((sum, b) => sum + b.count, 0)
  return html`<svg class="chart histogram" width="${WIDTH}" height="${HEIGHT}" viewBox="0 0 ${WIDTH} ${HEIGHT}" role="img" aria-labelledby="histogram-title histogram-desc">
<title id="histogram-title">Score histogram</title>
<desc id="histogram-desc">${total} students by base percentage: ${bars.map((b) => `${b.label}: ${b.count}`).join(', ')}</desc>
${bars.map(
  (b) => html`<g class="bar"><rect x="${b.x}" y="${b.y}" width="${b.width}" height="${b.height}"><title>${b.count} ${b.count === 1 ? 'student' : 'students'}, ${b.label}</title></rect>
<text class="count" x="${b.x + b.width / 2}" y="${b.y - 5}" text-anchor="middle">${b.count}</text>
<text class="label" x="${b.x + b.width / 2}" y="${axisY + 16}" text-anchor="middle">${b.label.replace('%', '')}</text></g>
`,
)}<line class="axis" x1="${LEFT}" y1="${axisY}" x2="${WIDTH - LEFT}" y2="${axisY}"/>
<text class="label" x="${WIDTH / 2}" y="${HEIGHT - 4}" text-anchor="middle">score, % of the maximum (extra credit left out)</text>
</svg>`
}
