import { paint, stripControl } from '../reporters/ansi.js'
import { countTexts, type StudentStatus } from './student-counts.js'
import type { BatchResults, CheckSummary, ClassSummary } from './types.js'

const BAR_WIDTH = 30
const WORST_CHECKS = 5

// The class summary a batch prints on stdout at the end: counts, mean and median, a text histogram and the checks
// the class failed most. Pure: colour is the caller's choice (paint, as the terminal reporter colours), and where
// the outputs were written is added by the command
export function renderClassSummary(results: BatchResults, options: { color: boolean }): string {
  const { summary, settings } = results
  const { color } = options
  const graded = summary.fullMarks + summary.partial + summary.zero
  const lines = [
    `${paint(color, 'bold', 'Class summary')} ${paint(color, 'dim', '·')} ${settings.assignment} ${paint(color, 'dim', `(${plural(summary.students, 'student')}, seed ${settings.seed})`)}`,
    `  ${counts(summary, color)}`,
    graded > 0
      ? `  Score of the ${plural(graded, 'graded student')}: mean ${points(summary.meanScore)}/${summary.maxScore}, median ${points(summary.medianScore)}/${summary.maxScore} ${paint(color, 'dim', '(extra credit left out)')}`
      : `  ${paint(color, 'dim', 'No student could be graded: no mean, median or histogram')}`,
  ]
  if (graded > 0) lines.push('', ...histogram(summary, color))
  lines.push('', ...worstChecks(summary, color))
  return `${lines.join('\n')}\n`
}

// Full marks in green; not gradable and grader errors stand out when there are some
const STYLES: Partial<Record<StudentStatus, 'green' | 'yellow' | 'red'>> = { full: 'green', 'not-gradable': 'yellow', 'grader-error': 'red' }

// "2 full marks · 1 partial · 1 zero · 1 not gradable", in the words the progress line uses too
function counts(summary: ClassSummary, color: boolean): string {
  const parts = countTexts(summary).map(({ status, count, text }) => {
    const said = status === 'grader-error' ? `${text} (contact course staff)` : text
    const style = STYLES[status]
    return style && (count > 0 || status === 'full') ? paint(color, style, said) : said
  })
  return parts.join(paint(color, 'dim', ' · '))
}

// One row per bin, the longest bar BAR_WIDTH wide; a bin with students always shows at least one block
function histogram(summary: ClassSummary, color: boolean): string[] {
  const most = Math.max(...summary.histogram.map((bin) => bin.count))
  const rows = summary.histogram.map((bin) => {
    const range = `${bin.fromPercent}–${bin.toPercent}%`.padStart(8)
    const width = bin.count === 0 ? 0 : Math.max(1, Math.round((bin.count / most) * BAR_WIDTH))
    const bar = paint(color, bin.fromPercent >= 90 ? 'green' : 'cyan', '█'.repeat(width))
    return `  ${range} ${bar}${' '.repeat(BAR_WIDTH - width)} ${bin.count}`
  })
  return [`  Scores ${paint(color, 'dim', `(% of ${summary.maxScore} points)`)}`, ...rows]
}

// Only checks that cost points: extra credit not earned and advisory checks (no points) are no failure
function worstChecks(summary: ClassSummary, color: boolean): string[] {
  const failed = summary.checks.filter((check) => check.failed > 0 && check.maxScore > 0 && !check.extraCredit).slice(0, WORST_CHECKS)
  if (failed.length === 0) return [`  ${paint(color, 'green', 'No check failed for any graded student')}`]
  const idWidth = Math.max(...failed.map((check) => check.id.length))
  return [`  Checks failed most`, ...failed.map((check) => worstCheckLine(check, idWidth, color))]
}

function worstCheckLine(check: CheckSummary, idWidth: number, color: boolean): string {
  const passed = `${Math.round(check.passRate * 100)}% passed`.padStart(11)
  const failed = `${check.failed} failed`
  return `    ${paint(color, 'red', '✗')} ${stripControl(check.id).padEnd(idWidth)}  ${passed}  ${paint(color, 'dim', `${failed}, ${stripControl(check.name)}`)}`
}

function points(n: number): string {
  return String(Math.round(n * 100) / 100)
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`
}
