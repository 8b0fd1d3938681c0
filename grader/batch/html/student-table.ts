import { kindOf } from './pass-rate-svg.js'
import { basePercent, baseScore, type CheckStatus } from '../../report.js'
import type { BatchEntry } from '../types.js'
import { SHORT_CHARS } from './caps.js'
import { html, studentText, type Markup } from './escape.js'
import { CHECK_MARKS } from './student-status.js'
import { STATUS_LABELS, formatNumber, studentStatus } from './student-status.js'

/** A column of the class table: its header, and how the page script sorts it */
export interface TableColumn {
  readonly label: string
  readonly title?: string
  readonly type: 'text' | 'number'
  /** Check columns are narrow and their header is written vertically */
  readonly check?: true
}

const STATUS_RANK = { full: 4, partial: 3, zero: 2, 'not-gradable': 1, 'grader-error': 0 } as const
const CHECK_RANK: Readonly<Record<CheckStatus, number>> = { passed: 3, failed: 1, error: 0, skipped: 2 }

// The rubric's checks in the order the reports list them; a check only some reports have is added where first seen
export function checkColumns(entries: readonly BatchEntry[]): { id: string; name: string; kind: ReturnType<typeof kindOf> }[] {
  const seen = new Map<string, { id: string; name: string; kind: ReturnType<typeof kindOf> }>()
  for (const entry of entries) for (const check of entry.report.checks) if (!seen.has(check.id)) seen.set(check.id, { id: check.id, name: check.name, kind: kindOf(check) })
  return [...seen.values()]
}

// Every column of the table, the checks last
export function tableColumns(checks: readonly { id: string; name: string; kind?: string }[]): TableColumn[] {
  return [
    { label: 'Name', type: 'text' },
    { label: 'Id', type: 'text' },
    { label: 'Score', type: 'number' },
    { label: '%', title: 'Percent of the maximum, extra credit left out', type: 'number' },
    { label: 'Flags', type: 'text' },
    { label: 'Status', type: 'number' },
    ...checks.map((c): TableColumn => ({ label: c.id, title: `${c.name}${c.kind ? ` (${c.kind.replace('-', ' ')})` : ''}`, type: 'number', check: true })),
  ]
}

// One student's row: each cell's text as shown and, where it sorts by number, that number in data-v
export function studentRow(entry: BatchEntry, anchorId: string, checks: readonly { id: string }[]): Markup {
  const { student, report } = entry
  const status = studentStatus(report)
  const graded = report.gradable && !report.harnessError
  const byId = new Map(report.checks.map((c) => [c.id, c]))
  const name = studentText(student.name, SHORT_CHARS)
  const id = studentText(student.id, SHORT_CHARS)
  return html`<tr class="${status}" data-status="${status}" data-key="${`${name}\n${id}`.toLowerCase()}" data-target="${anchorId}">
<td><a href="#${anchorId}">${name}</a></td><td class="sid">${id}</td>
<td class="num" data-v="${graded ? baseScore(report) : -1}">${graded ? formatNumber(baseScore(report)) : '—'}</td>
<td class="num" data-v="${graded ? basePercent(report) : -1}">${graded ? `${Math.round(basePercent(report))}%` : '—'}</td>
<td>${student.flags.join(' ')}</td>
<td data-v="${STATUS_RANK[status]}"><span class="status ${status}">${STATUS_LABELS[status]}</span></td>
${checks.map((c) => {
  const check = byId.get(c.id)
  if (!check) return html`<td class="mark" data-v="-1" title="not graded">–</td>`
  // Extra credit not earned and an advisory check not met cost no point: a neutral mark, not a failure's
  const kind = kindOf(check)
  if (kind && check.status === 'failed') return html`<td class="mark ${kind}" data-v="${CHECK_RANK.failed}" title="${kind.replace('-', ' ')}: not met">○</td>`
  return html`<td class="mark ${check.status}" data-v="${CHECK_RANK[check.status]}" title="${check.status}">${CHECK_MARKS[check.status]}</td>`
})}
</tr>`
}

// The sortable, filterable class table; with no script it is a plain table, sorted by id
export function studentTable(entries: readonly BatchEntry[], anchorIds: readonly string[]): Markup {
  const checks = checkColumns(entries)
  const columns = tableColumns(checks)
  return html`<div class="controls">
<label>Filter <input type="search" id="filter" placeholder="name or id" autocomplete="off"></label>
<label>Status <select id="status-filter"><option value="">all</option>${Object.entries(STATUS_LABELS).map(([value, label]) => html`<option value="${value}">${label}</option>`)}</select></label>
<span id="shown" aria-live="polite">${entries.length} students</span>
</div>
<div class="table-wrap"><table id="students-table">
<caption>Students: click a header to sort, a row to open the student's details</caption>
<thead><tr>${columns.map(
  (c, index) => html`<th scope="col" aria-sort="none"${c.check ? html` class="check-col"` : ''}><button type="button" data-col="${index}" data-type="${c.type}"${c.title ? html` title="${c.title}"` : ''}><span>${c.label}</span></button></th>`,
)}</tr></thead>
<tbody>
${entries.map((e, i) => studentRow(e, anchorIds[i] as string, checks))}</tbody>
</table></div>`
}
