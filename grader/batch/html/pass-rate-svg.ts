import type { CheckSummary } from '../types.js'
import { cleanText, clip, html, type Markup } from './escape.js'

// Drawn by the project for the reason given in histogram-svg.ts

const WIDTH = 640
const ROW = 24
const TOP = 6
// Room for a 34-character check id at the chart's font size (about 7.2 units a character)
const LABEL_WIDTH = 250
const BAR_X = LABEL_WIDTH + 10
const BAR_WIDTH = 200
const LABEL_CHARS = 34

/** One check's row of the pass-rate chart, in SVG user units */
export interface PassRateRow {
  readonly y: number
  readonly width: number
  readonly percent: number
  readonly check: CheckSummary
}

// One horizontal bar per check, in the summary's order (checks with points, the lowest pass rate first; then extra
// credit; then advisory), full width meaning everyone passed
export function passRateRows(checks: readonly CheckSummary[]): PassRateRow[] {
  return checks.map((check, index) => {
    const rate = Math.min(1, Math.max(0, Number.isFinite(check.passRate) ? check.passRate : 0))
    return { y: TOP + index * ROW, width: Math.round(rate * BAR_WIDTH * 100) / 100, percent: Math.round(rate * 100), check }
  })
}

// The pass rate per check as an accessible SVG: the check's id on the left, the rate and counts written on the right
export function passRateSvg(checks: readonly CheckSummary[]): Markup {
  const rows = passRateRows(checks)
  const height = TOP * 2 + Math.max(rows.length, 1) * ROW
  return html`<svg class="chart pass-rate" width="${WIDTH}" height="${height}" viewBox="0 0 ${WIDTH} ${height}" role="img" aria-labelledby="pass-rate-title pass-rate-desc">
<title id="pass-rate-title">Pass rate per check</title>
<desc id="pass-rate-desc">${rows.map((r) => `${r.check.id}: ${r.percent}%`).join(', ') || 'No checks'}</desc>
${rows.map(
  (r) => html`<g class="row"><title>${r.check.name}: ${r.check.passed} passed, ${r.check.failed} failed, ${r.check.skipped} skipped</title>
<text class="label" x="${LABEL_WIDTH}" y="${r.y + ROW / 2 + 4}" text-anchor="end">${clip(cleanText(r.check.id), LABEL_CHARS)}</text>
<rect class="track" x="${BAR_X}" y="${r.y + 4}" width="${BAR_WIDTH}" height="${ROW - 8}"/>
<rect class="bar${kindOf(r.check) ? ` ${kindOf(r.check)}` : ''}" x="${BAR_X}" y="${r.y + 4}" width="${r.width}" height="${ROW - 8}"/>
<text class="count" x="${BAR_X + BAR_WIDTH + 8}" y="${r.y + ROW / 2 + 4}">${r.percent}% · ${r.check.passed} passed${kindOf(r.check) ? ` · ${kindOf(r.check).replace('-', ' ')}` : ''}</text></g>
`,
)}</svg>`
}

// 'extra-credit' or 'advisory' for checks whose failure costs no point; '' for the others
export function kindOf(check: { readonly maxScore: number; readonly extraCredit?: boolean }): '' | 'extra-credit' | 'advisory' {
  return check.extraCredit ? 'extra-credit' : check.maxScore === 0 ? 'advisory' : ''
}
