import type { BatchResults, BatchSettings, ClassSummary } from '../types.js'
import { contentSecurityPolicy } from './csp.js'
import { LIST_ITEMS, MESSAGE_CHARS } from './caps.js'
import { Markup, html, studentText } from './escape.js'
import { histogramSvg } from './histogram-svg.js'
import { PAGE_SCRIPT } from './page-script.js'
import { pageHead } from './page-head.js'
import { passRateSvg } from './pass-rate-svg.js'
import { renderStudentDetails } from './student-details.js'
import { formatNumber } from './student-status.js'
import { studentTable } from './student-table.js'
import { PAGE_STYLES } from './styles.js'

// report.html: one self-contained page (no network when viewed, a CSP that allows only its own script and styles)
// whose text holds every result, so it reads and prints without script; the script only sorts, filters and opens
export function renderClassReport(results: BatchResults): string {
  const { settings, summary, entries } = results
  // Anchors are positions, never student ids: nothing a student chose ends up in an id or a URL
  const anchorIds = entries.map((_, index) => `student-${index + 1}`)
  return html`<!doctype html>
<html lang="en">
${pageHead(`Class report: ${settings.assignment}`, contentSecurityPolicy(PAGE_SCRIPT, PAGE_STYLES))}
<body>
<main>
<h1>Class report: <code>${settings.assignment}</code></h1>
${summarySection(summary, settings)}
<h2>Scores and checks</h2>
<div class="charts">
<figure><figcaption>Score histogram</figcaption>${histogramSvg(summary.histogram)}</figure>
<figure><figcaption>Pass rate per check: those with points first, the lowest first</figcaption>${passRateSvg(summary.checks)}</figure>
</div>
<h2 id="students">Students</h2>
${studentTable(entries, anchorIds)}
<h2 id="details">Details</h2>
<div class="details-list">
${entries.map((entry, index) => new Markup(renderStudentDetails(entry, { anchorId: anchorIds[index] as string })))}
</div>
</main>
<script>${new Markup(PAGE_SCRIPT)}</script>
</body>
</html>
`.value
}

function summarySection(summary: ClassSummary, settings: BatchSettings): Markup {
  const counts: [string, string][] = [
    ['Students', String(summary.students)],
    ['Full marks', String(summary.fullMarks)],
    ['Partial', String(summary.partial)],
    ['Zero', String(summary.zero)],
    ['Not gradable', String(summary.notGradable)],
    ['Grader errors', String(summary.graderErrors)],
    ['Mean', `${formatNumber(summary.meanScore)} / ${formatNumber(summary.maxScore)}`],
    ['Median', `${formatNumber(summary.medianScore)} / ${formatNumber(summary.maxScore)}`],
  ]
  const shard = settings.shard ? html`, shard <code>${settings.shard.index}/${settings.shard.count}</code>` : ''
  return html`<section aria-label="Class summary">
<dl class="summary">${counts.map(([label, value]) => html`<div><dt>${label}</dt><dd>${value}</dd></div>`)}</dl>
<p class="settings">Mean and median over gradable students, extra credit left out. Graded with sockgrade <code>${settings.sockgradeVersion}</code>,
rubric <code title="${settings.rubricHash}">${settings.rubricHash.slice(0, 12)}</code> (${settings.rubricSource}), seed <code>${settings.seed}</code>,
isolation <code>${settings.isolation}</code>, timeout scale <code>${settings.timeoutScale}</code>, layout <code>${settings.layout}</code>${shard}</p>
${settings.classWarnings?.length ? html`<div class="class-warnings" role="note"><strong>Not graded, or not as exported:</strong><ul>${settings.classWarnings.slice(0, LIST_ITEMS).map((warning) => html`<li>${studentText(warning, MESSAGE_CHARS)}</li>`)}</ul></div>` : ''}
</section>`
}
