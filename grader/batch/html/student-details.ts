import type { CheckResult } from '../../report.js'
import type { BatchEntry } from '../types.js'
import { LIST_ITEMS, MESSAGE_CHARS, REASON_CHARS, SHORT_CHARS } from './caps.js'
import { Markup, html, studentText } from './escape.js'
import { CHECK_MARKS, STATUS_LABELS, formatNumber, scoreText, studentStatus } from './student-status.js'
import { checkAnchor, checkTranscript, clientRuns, placesOf, type Places } from './transcripts.js'

/** Options of renderStudentDetails */
export interface StudentDetailsOptions {
  /** The element's id, for links from the class table; must not come from the student */
  readonly anchorId?: string
  /** Render the <details> open */
  readonly open?: boolean
}

// One student's checks, transcripts and what the layout noticed, in a <details> that opens without script
export function renderStudentDetails(entry: BatchEntry, options: StudentDetailsOptions = {}): string {
  const { student, report } = entry
  const status = studentStatus(report)
  const places = placesOf(report, options.anchorId)
  return html`<details class="student"${options.anchorId ? html` id="${options.anchorId}"` : ''}${options.open ? ' open' : ''}>
<summary><span class="name">${studentText(student.name, SHORT_CHARS)}</span> <span class="sid">${studentText(student.id, SHORT_CHARS)}</span> <span class="score">${report.gradable && !report.harnessError ? scoreText(report) : '—'}</span> <span class="status ${status}">${STATUS_LABELS[status]}</span>${student.flags.map((f) => html` <span class="flag">${f}</span>`)}</summary>
<div class="body">
${facts(entry)}
<ol class="checks">${report.checks.map((c) => checkItem(c, places))}</ol>${clientRuns(places)}
${options.anchorId ? html`<p class="back"><a href="#students-table">Back to the table</a></p>` : ''}
</div>
</details>`.value
}

function facts({ student, report }: BatchEntry): Markup {
  const reason = report.notGradableReason ?? student.notGradableReason
  const programs = [report.programs.server && `server: ${report.programs.server}`, report.programs.client && `client: ${report.programs.client}`].filter(
    (p): p is string => Boolean(p),
  )
  const rows = [
    reason && html`<dt>Not gradable</dt><dd class="reason">${studentText(reason, REASON_CHARS)}</dd>`,
    report.harnessError && html`<dt>Grader error</dt><dd class="reason">${studentText(report.harnessError.message, REASON_CHARS)}</dd>`,
    report.deadlineReached && html`<dt>Deadline</dt><dd>Grading reached its deadline of ${formatNumber(report.deadlineMs / 1000)} s</dd>`,
    report.causes?.length && html`<dt>Causes</dt>${list(report.causes.map((c) => `${c.side} (first seen in ${c.check}): ${c.message}`))}`,
    html`<dt>Files</dt>${list(student.files)}`,
    programs.length > 0 && html`<dt>Graded</dt>${list(programs)}`,
    student.notes.length > 0 && html`<dt>Layout notes</dt>${list(student.notes)}`,
    report.notes?.length && html`<dt>Grader notes</dt>${list(report.notes)}`,
    html`<dt>Seed, time</dt><dd>${report.seed}, ${formatNumber(report.durationMs / 1000)} s</dd>`,
  ]
  return html`<dl class="facts">${rows.filter((r): r is Markup => r instanceof Markup).map((r) => html`${r}\n`)}</dl>`
}

function list(items: readonly string[]): Markup {
  if (!items.length) return html`<dd>none</dd>`
  const more = items.length > LIST_ITEMS ? html`<li>… ${items.length - LIST_ITEMS} more</li>` : ''
  return html`<dd><ul>${items.slice(0, LIST_ITEMS).map((i) => html`<li>${studentText(i, SHORT_CHARS)}</li>`)}${more}</ul></dd>`
}

function checkItem(check: CheckResult, places: Places): Markup {
  const points = check.maxScore > 0 || check.score > 0 ? `${formatNumber(check.score)}/${formatNumber(check.maxScore)}${check.extraCredit ? ' extra' : ''}` : 'advisory'
  return html`<li class="check ${check.status}" id="${checkAnchor(check, places)}">
<div class="check-head"><span class="mark" title="${check.status}">${CHECK_MARKS[check.status]}</span> <span class="check-name">${check.name}</span> <code>${check.id}</code> <span class="points">${points}</span>${check.visibility === 'visible' ? '' : html` <span class="flag">${check.visibility.replace(/_/g, ' ')}</span>`}</div>${check.message ? html`\n<p class="message">${studentText(check.message, MESSAGE_CHARS)}</p>` : ''}${check.hint && check.status !== 'passed' ? html`\n<p class="hint">Hint: ${studentText(check.hint, MESSAGE_CHARS)}</p>` : ''}
${checkTranscript(check, places)}</li>`
}
