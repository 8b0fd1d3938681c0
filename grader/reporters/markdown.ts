import { basePercent, baseScore, type CheckResult, type GradeReport } from '../report.js'
import { missedWithoutLoss, missKind, transcriptText } from './check-text.js'
import { clientRunsOf, printedUnder, type ClientRun } from './client-runs.js'
import { fitDocument } from './markdown-fit.js'
import { codeBlock, inline } from './markdown-escape.js'
import { renderClassMarkdown } from './markdown-class.js'
import type { Reporter } from './reporter.js'

/** How much of each check's details a rendering keeps */
interface Limits {
  readonly transcriptLines: number
  readonly lineChars: number
  readonly textChars: number
}

// Tried in order until the document fits: transcripts shorten first, then go, then messages shorten
const LEVELS: readonly Limits[] = [
  { transcriptLines: 50, lineChars: 2_000, textChars: 4_000 },
  { transcriptLines: 12, lineChars: 500, textChars: 4_000 },
  { transcriptLines: 3, lineChars: 200, textChars: 1_000 },
  { transcriptLines: 0, lineChars: 0, textChars: 300 },
]

const MARKS: Record<CheckResult['status'], string> = { passed: '✅', failed: '❌', skipped: '➖', error: '❗' }
const ADVISORY_MARK = '⚪'
const VISIBILITY: Record<CheckResult['visibility'], string> = { visible: '', hidden: ' (hidden)', after_due_date: ' (after due date)' }

// GitHub-flavoured Markdown for $GITHUB_STEP_SUMMARY and pull-request comments: the score as a heading, a table of
// the checks, then the details of each check that did not pass. At most MAX_MARKDOWN_CHARS (see markdown-fit.ts)
export const markdown: Reporter = {
  name: 'markdown',
  extension: 'md',
  description: 'Markdown: a summary table and the failed checks (GitHub step summary, pull-request comments)',
  render: (report) => fitDocument(LEVELS.map((limits) => () => renderReport(report, limits))),
  renderClass: (results) => renderClassMarkdown(results),
}

function renderReport(report: GradeReport, limits: Limits): string {
  const blocks = [heading(report), ...preamble(report), table(report)]
  const details = report.gradable ? report.checks.filter((c) => c.status !== 'passed') : []
  // A client run several checks judged is shown once, under the first of them
  const runs = clientRunsOf(details)
  if (details.length) blocks.push('### Checks that did not pass', ...details.map((c) => checkDetails(c, limits, runs)))
  return `${blocks.join('\n\n')}\n`
}

function heading(report: GradeReport): string {
  const percent = Math.floor(basePercent(report) * 10) / 10
  const extra = report.extraScore > 0 ? ` + ${report.extraScore} extra credit` : ''
  return `## ${inline(report.assignment, 200)}: ${baseScore(report)}/${report.maxScore} (${percent}%)${extra}`
}

// The submission, how its programs were found, and what stopped the grading, before the table
function preamble(report: GradeReport): string[] {
  const graded = [report.programs.server, report.programs.client].filter((p): p is string => Boolean(p))
  const lines = [`Submission ${inline(report.submission, 300)}${graded.length ? `, graded ${graded.map((p) => inline(p, 200)).join(', ')}` : ''}`]
  for (const note of report.notes ?? []) lines.push(`Note: ${inline(note, 1_000)}`)
  const said: string[] = []
  for (const cause of report.causes ?? []) said.push(`> **Cause:** ${inline(cause.message)} (first seen in ${inline(cause.check, 200)})`)
  if (!report.gradable && !report.harnessError) said.push(`> **Not gradable:** ${inline(report.notGradableReason ?? 'unknown reason')}`)
  if (report.deadlineReached) said.push(`> **Out of time:** the grading reached its deadline of ${(report.deadlineMs / 1000).toFixed(1)} s; the checks not finished then failed`)
  if (report.harnessError) said.push(`> **The autograder failed; contact course staff:** ${inline(report.harnessError.message)}`)
  return [lines.join('<br>\n'), ...said]
}

function table(report: GradeReport): string {
  const rows = report.checks.map((c) => {
    const points = c.maxScore === 0 ? 'advisory' : c.extraCredit ? `+${c.score}/${c.maxScore} extra` : `${c.score}/${c.maxScore}`
    return `| ${mark(c)} | **${inline(c.id, 200)}** ${inline(c.name, 500)} | ${points}${VISIBILITY[c.visibility]} |`
  })
  return ['| | Check | Points |', '| :-: | --- | --: |', ...rows].join('\n')
}

// An advisory check not met is a lesson, not a loss: marked softer than a failure, as the terminal does
function mark(check: CheckResult): string {
  return check.status === 'failed' && check.maxScore === 0 ? ADVISORY_MARK : MARKS[check.status]
}

function checkDetails(check: CheckResult, limits: Limits, runs: ReadonlyMap<CheckResult, ClientRun>): string {
  const what = missedWithoutLoss(check) ? ` (${missKind(check).toLowerCase()})` : ''
  const parts = [`#### ${mark(check)} ${inline(check.id, 200)}: ${inline(check.name, 500)}${what}`]
  if (check.message) parts.push(inline(check.message, limits.textChars))
  if (check.hint) parts.push(`**Hint:** ${inline(check.hint, limits.textChars)}`)
  const under = printedUnder(check, runs)
  if (under && limits.transcriptLines > 0) return [...parts, `_Transcript: see the client run under **${inline(under.id, 200)}**, above_`].join('\n\n')
  const transcript = transcriptText(check.transcript, limits.transcriptLines, limits.lineChars)
  if (limits.transcriptLines > 0 && transcript.length) parts.push(codeBlock(transcript.join('\n')))
  else if (check.transcript.length) parts.push(`_${check.transcript.length} transcript lines left out to fit_`)
  return parts.join('\n\n')
}
