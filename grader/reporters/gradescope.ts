// Gradescope's autograder results.json, per https://gradescope-autograders.readthedocs.io/en/latest/specs/
import { baseScore, basePercent, type GradeReport } from '../report.js'
import { cleanText, truncate } from './clean.js'
import { fitParts } from './fit-bytes.js'
import { checkTest, harnessTests, type GradescopeTest } from './gradescope-tests.js'
import { redactedChecks, spoiledMessage } from './student-view.js'
import { markdownText } from './md-escape.js'
import type { Reporter } from './reporter.js'

/** Gradescope refuses a results.json of 1 MB or more: the whole document stays under this many bytes */
export const DOCUMENT_BYTES = 990_000
/** The most one test (its output above all) may take before the document-wide limit asks for less */
export const TEST_BYTES = 64_000
const REASON_CHARS = 2000
const LIST_ITEMS = 20
const ITEM_CHARS = 1000

// Gradescope's results.json. The top-level score includes extra credit (it overrides the tests' total); stdout stays
// hidden, since run_autograder's output is the staff report with the hidden checks' transcripts; student text is
// Markdown-escaped and every output capped, the longest cut first, so the file stays under 1 MB and valid
export const gradescope: Reporter = {
  name: 'gradescope',
  extension: 'json',
  description: "Gradescope's autograder results.json",
  render(report) {
    const top = {
      score: report.score,
      execution_time: Math.round(report.durationMs / 1000),
      output: summary(report),
      output_format: 'md',
      stdout_visibility: 'hidden',
    }
    // A failed grader first, so a student reads that before the checks it spoiled
    // A visible test never points at a hidden one ("see there"): Gradescope shows students neither its output nor it
    const redacted = redactedChecks(report, { afterDueDate: false })
    const checks = report.checks.map((check) => (check.visibility === 'visible' ? { ...check, message: spoiledMessage(check, redacted) } : check))
    const parts = [...(report.harnessError ? harnessTests(report.harnessError) : []), ...checks.map((check) => (maxBytes: number) => checkTest(check, maxBytes))]
    return fitParts<GradescopeTest>(parts, (tests) => `${JSON.stringify({ ...top, tests }, null, 2)}\n`, TEST_BYTES, DOCUMENT_BYTES)
  },
}

// The top-level output every student sees at once: what happened to the submission as a whole. The score line is
// left out when a check is hidden or shown after the due date, since Gradescope then hides the total itself; a cause
// first seen by such a check stays with it (as in student-view.ts)
function summary(report: GradeReport): string {
  const blocks: string[] = []
  const allVisible = report.checks.every((c) => c.visibility === 'visible')
  if (report.harnessError) blocks.push('**The autograder failed:** contact course staff. This is not a problem with your submission.')
  else if (!report.gradable) blocks.push(`**Not gradable:** ${markdownText(truncate(cleanText(report.notGradableReason ?? 'no reason given'), REASON_CHARS))}`)
  else if (allVisible) blocks.push(`**Score:** ${scoreLine(report)}`)
  else blocks.push('Some checks are hidden, or shown after the due date: the total shows once they are.')
  if (report.deadlineReached) blocks.push(`**Out of time:** the grading reached its deadline of ${(report.deadlineMs / 1000).toFixed(1)} s; the checks not finished then failed.`)
  const visible = new Set(report.checks.filter((c) => c.visibility === 'visible').map((c) => c.id))
  const causes = (report.causes ?? []).filter((c) => visible.has(c.check))
  if (causes.length) blocks.push(list('**What went wrong:**', causes.map((c) => `${c.message} (first seen in ${c.check})`)))
  if (report.notes?.length) blocks.push(list('**Notes:**', report.notes))
  return blocks.join('\n\n')
}

function scoreLine(report: GradeReport): string {
  const extra = report.extraScore > 0 ? ` + ${report.extraScore} extra credit` : ''
  return `${baseScore(report)}/${report.maxScore} (${Math.floor(basePercent(report) * 10) / 10}%)${extra}`
}

function list(title: string, items: readonly string[]): string {
  const shown = items.slice(0, LIST_ITEMS).map((item) => `- ${markdownText(truncate(cleanText(item), ITEM_CHARS)).replace(/ {2}\n/g, ' ')}`)
  if (items.length > LIST_ITEMS) shown.push(`- … ${items.length - LIST_ITEMS} more`)
  return `${title}\n\n${shown.join('\n')}`
}
