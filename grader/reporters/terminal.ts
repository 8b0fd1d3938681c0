import { basePercent, baseScore, isFullMarks, type CheckResult, type GradeReport } from '../report.js'
import { paint, stripControl } from './ansi.js'
import { printable } from './clean.js'
import { clientRunsOf, printedUnder, type ClientRun } from './client-runs.js'
import { renderClassSummary } from '../batch/summary-text.js'
import type { Reporter } from './reporter.js'

const MAX_TRANSCRIPT_LINES = 12

const MARKS: Record<CheckResult['status'], { mark: string; style: 'green' | 'red' | 'yellow' }> = {
  passed: { mark: '✓', style: 'green' },
  failed: { mark: '✗', style: 'red' },
  skipped: { mark: '-', style: 'yellow' },
  error: { mark: '!', style: 'red' },
}

// A human report for a terminal: one line per check, and for each check that did not pass what happened
export const terminal: Reporter = {
  name: 'terminal',
  extension: 'txt',
  description: 'A readable report for people, one line per check',
  render(report, { color }) {
    const lines = [header(report, color), ...(report.notes ?? []).map((note) => `  ${paint(color, 'dim', stripControl(note))}`), '']
    // The cause behind the checks a crash spoiled, named once: the checks say "Not run" and point to the first
    for (const cause of report.causes ?? []) lines.push(`  ${paint(color, 'red', 'Cause:')} ${stripControl(cause.message)} ${paint(color, 'dim', `(first seen in ${printable(cause.check)})`)}`, '')
    if (!report.gradable && !report.harnessError) lines.push(`  ${paint(color, 'red', 'Not gradable:')} ${stripControl(report.notGradableReason ?? 'unknown reason')}`, '')
    if (report.deadlineReached) lines.push(`  ${paint(color, 'red', 'Out of time:')} the grading reached its deadline of ${(report.deadlineMs / 1000).toFixed(1)} s; the checks not finished then failed`, '')
    if (report.harnessError) lines.push(`  ${paint(color, 'red', 'Autograder failed:')} ${stripControl(report.harnessError.message)} (contact course staff)`, '')
    const widths = { id: Math.max(...report.checks.map((c) => c.id.length), 10), name: Math.max(...report.checks.map((c) => c.name.length), 10) }
    const listed = report.checks.filter((check) => report.gradable || check.status !== 'skipped')
    // A client run several checks judged is printed once, under the first of them that prints a transcript
    const runs = clientRunsOf(listed.filter((check) => check.status !== 'passed'))
    for (const check of listed) lines.push(...renderCheck(check, widths, color, runs))
    if (report.gradable) lines.push('')
    lines.push(footer(report, color))
    return `${lines.join('\n')}\n`
  },
  // The class summary a batch prints: counts, mean and median, a histogram and the checks failed most
  renderClass: (results, options) => renderClassSummary(results, options),
}

function header(report: GradeReport, color: boolean): string {
  const graded = [report.programs.server, report.programs.client].filter(Boolean).map((file) => printable(file as string)).join(', ')
  const details = [graded && `graded ${graded}`, `seed ${report.seed}`].filter(Boolean).join('; ')
  return `${paint(color, 'bold', `${report.assignment}`)} ${paint(color, 'dim', '·')} ${printable(report.submission)} ${paint(color, 'dim', `(${details})`)}`
}

// Checks a student does not see in full (see student-view.ts), marked in every report
const VISIBILITY_MARKS: Record<CheckResult['visibility'], string | undefined> = { visible: undefined, hidden: '[hidden]', after_due_date: '[after due date]' }

// A zero-point advisory check that did not pass is a lesson, not a loss: marked softer than a failure
const ADVISORY_MISSED = { mark: '○', style: 'yellow' } as const

function renderCheck(check: CheckResult, widths: { id: number; name: number }, color: boolean, runs: ReadonlyMap<CheckResult, ClientRun>): string[] {
  const { mark, style } = check.maxScore === 0 && check.status === 'failed' ? ADVISORY_MISSED : MARKS[check.status]
  const points = check.maxScore === 0 ? paint(color, 'dim', 'advisory') : check.extraCredit ? `+${check.score}/${check.maxScore} extra` : `${check.score}/${check.maxScore}`
  const shownTo = VISIBILITY_MARKS[check.visibility]
  const lines = [`  ${paint(color, style, mark)} ${check.id.padEnd(widths.id)}  ${check.name.padEnd(widths.name)}  ${points}${shownTo ? `  ${paint(color, 'dim', shownTo)}` : ''}`]
  if (check.status === 'passed') return lines
  const indent = '      '
  if (check.message) lines.push(...stripControl(check.message).split('\n').map((l) => `${indent}${l}`))
  if (check.hint) lines.push(...check.hint.split('\n').map((h) => `${indent}${paint(color, 'cyan', 'Hint:')} ${stripControl(h)}`))
  const under = printedUnder(check, runs)
  if (under) return [...lines, `${indent}${paint(color, 'dim', `· Transcript: see the client run under ${under.id}, above`)}`]
  const shown = check.transcript.slice(0, MAX_TRANSCRIPT_LINES)
  for (const line of shown) {
    const arrow = line.dir === 'sent' ? '→' : line.dir === 'received' ? '←' : '·'
    lines.push(`${indent}${paint(color, 'dim', `${arrow} ${stripControl(line.text)}`)}`)
  }
  if (check.transcript.length > shown.length) lines.push(`${indent}${paint(color, 'dim', `… ${check.transcript.length - shown.length} more transcript line${check.transcript.length - shown.length === 1 ? '' : 's'} with --reporter json`)}`)
  return lines
}

function footer(report: GradeReport, color: boolean): string {
  const percent = Math.floor(basePercent(report) * 10) / 10
  const extra = report.extraScore > 0 ? ` + ${report.extraScore} extra credit` : ''
  const score = paint(color, isFullMarks(report) ? 'green' : 'red', `${baseScore(report)}/${report.maxScore} (${percent}%)${extra}`)
  const advisory = (c: CheckResult) => c.maxScore === 0 && c.status === 'failed'
  const tally: [string, number][] = [
    ...(['passed', 'failed', 'skipped', 'error'] as const).map((status): [string, number] => [status, report.checks.filter((c) => c.status === status && !advisory(c)).length]),
    ['advisory not met', report.checks.filter(advisory).length],
  ]
  const counts = tally
    .filter(([, n]) => n > 0)
    .map(([status, n]) => `${n} ${status}`)
    .join(', ')
  return `Score: ${score}  ${paint(color, 'dim', `${counts}; ${(report.durationMs / 1000).toFixed(2)} s`)}`
}
