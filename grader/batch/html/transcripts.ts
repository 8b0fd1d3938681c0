// A student's transcripts on the page: a server check's exchange with the check; a run of the client, which every
// client check that judged it shares (reporters/client-runs.ts), drawn once after the checks, each linking to it
import type { CheckResult, GradeReport, TranscriptLine } from '../../report.js'
import { clientRunsOf, type ClientRun } from '../../reporters/client-runs.js'
import { STUDENT_TRANSCRIPT_CHARS, TRANSCRIPT_LINE_CHARS, TRANSCRIPT_LINES } from './caps.js'
import { html, studentText, type Markup } from './escape.js'
import { sequenceDiagram, studentLane, type StudentLane } from './sequence-diagram.js'
import { CHECK_MARKS } from './student-status.js'

/** Where a student's checks and client runs are on the page, and what is left of the student's transcript budget */
export interface Places {
  readonly prefix: string
  readonly runs: ReadonlyMap<CheckResult, ClientRun>
  readonly checks: ReadonlyMap<CheckResult, number>
  readonly budget: { chars: number }
}

// Ids are positions under the student's anchor ("student-2-run-1"), never anything a student chose
export function placesOf(report: GradeReport, anchorId: string | undefined): Places {
  const checks = new Map(report.checks.map((check, index) => [check, index + 1]))
  return { prefix: anchorId ? `${anchorId}-` : '', runs: clientRunsOf(report.checks), checks, budget: { chars: STUDENT_TRANSCRIPT_CHARS } }
}

// The id of a check's list item
export function checkAnchor(check: CheckResult, places: Places): string {
  return `${places.prefix}check-${places.checks.get(check)}`
}

// Under a check: its own exchange as a diagram, or a link to the client run it judged
export function checkTranscript(check: CheckResult, places: Places): Markup | string {
  const run = places.runs.get(check)
  if (!run) return transcript(check.transcript, studentLane(check), places.budget)
  const others = run.checks.length - 1
  const where = others > 0 ? `, drawn once below for this check and ${others} other${others === 1 ? '' : 's'}` : ', below'
  return html`<p class="run-link">Transcript: <a href="#${places.prefix}run-${run.number}">client run ${run.number}</a>${where}</p>`
}

// Each client run once, after the checks: the checks it decided beside its sequence diagram, each linking back
export function clientRuns(places: Places): Markup | string {
  const runs = [...new Set(places.runs.values())]
  if (!runs.length) return ''
  return html`\n<section class="runs" aria-label="Client runs">
<h3>Client runs</h3>
${runs.map((run) => html`<div class="run" id="${places.prefix}run-${run.number}">
<div class="decided"><p>Client run ${run.number} decided</p><ul>${run.checks.map((c) => html`<li><span class="mark ${c.status}" title="${c.status}">${CHECK_MARKS[c.status]}</span> <a href="#${checkAnchor(c, places)}">${c.id}</a></li>`)}</ul></div>
${transcript(run.transcript, 'student client', places.budget)}
</div>
`)}</section>`
}

// Clean and cap the lines, spending the student's budget; once it is spent the transcript is left out, saying so
function transcript(lines: readonly TranscriptLine[], lane: StudentLane, budget: { chars: number }): Markup | string {
  if (!lines.length) return ''
  if (budget.chars <= 0) return html`<p class="omitted">Transcript left out: this student's transcripts reached ${STUDENT_TRANSCRIPT_CHARS} characters (results.json has it)</p>`
  const shown: TranscriptLine[] = []
  for (const line of lines.slice(0, TRANSCRIPT_LINES)) {
    const text = studentText(line.text, Math.min(TRANSCRIPT_LINE_CHARS, Math.max(budget.chars, 40)))
    budget.chars -= text.length
    shown.push({ dir: line.dir, text })
    if (budget.chars <= 0) break
  }
  const left = lines.length - shown.length
  if (left > 0) shown.push({ dir: 'note', text: `… ${left} more transcript ${left === 1 ? 'line' : 'lines'} not shown` })
  return sequenceDiagram(shown, lane)
}
