// One student's report as a self-contained HTML page: the batch page's student details, its stylesheet and its CSP
import { renderClassReport } from '../batch/html/class-report.js'
import { cspHash } from '../batch/html/csp.js'
import { Markup, html as markup } from '../batch/html/escape.js'
import { pageHead } from '../batch/html/page-head.js'
import { renderStudentDetails } from '../batch/html/student-details.js'
import { PAGE_STYLES } from '../batch/html/styles.js'
import type { BatchEntry } from '../batch/types.js'
import type { GradeReport } from '../report.js'
import type { Reporter } from './reporter.js'

// No script at all, nothing loaded, framed or submitted: only the stylesheet runs, allowed by its hash
const POLICY = ["default-src 'none'", "script-src 'none'", `style-src ${cspHash(PAGE_STYLES)}`, "img-src 'none'", "base-uri 'none'", "form-action 'none'"].join('; ')

// The report as the batch page shows a student, open, on a page of its own that reads and prints without script. It
// renders what it is given: `check` hands it the student view already, `grade` the whole report for staff
export const html: Reporter = {
  name: 'html',
  extension: 'html',
  description: "One student's report as a self-contained HTML page",
  render: (report) => renderStudentPage(report),
  // The batch's report.html: the class summary, charts, a sortable table and every student's details
  renderClass: (results) => renderClassReport(results),
}

function renderStudentPage(report: GradeReport): string {
  return markup`<!doctype html>
<html lang="en">
${pageHead(`Report: ${report.assignment}, ${report.submission}`, POLICY)}
<body>
<main>
<h1>Report: <code>${report.assignment}</code></h1>
${new Markup(renderStudentDetails(asEntry(report), { open: true }))}
</main>
</body>
</html>
`.value
}

// The details want a student as a layout records one: here the submission is all there is to name it by
function asEntry(report: GradeReport): BatchEntry {
  const files = [report.programs.server, report.programs.client].filter((f): f is string => Boolean(f))
  return { student: { id: '', name: report.submission, files, notes: [], flags: [] }, report }
}
