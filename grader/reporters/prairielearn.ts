// PrairieLearn's external grader results.json, per https://prairielearn.readthedocs.io/en/latest/externalGrading/
import { baseScore, basePercent, type GradeReport } from '../report.js'
import { studentText } from './clean.js'
import { fitParts } from './fit-bytes.js'
import { checkTest, type PrairieLearnTest } from './prairielearn-tests.js'
import type { Reporter } from './reporter.js'
import { studentView } from './student-view.js'

/** PrairieLearn limits results.json to 1 MB: the whole document stays under this many bytes */
export const DOCUMENT_BYTES = 990_000
const TEST_BYTES = 64_000
const REASON_CHARS = 2000
const LIST_ITEMS = 20
const ITEM_CHARS = 1000

// PrairieLearn's results.json, shown to the student as is (no per-test visibility): rendered from the student view
// (student-view.ts), hidden and after-due-date checks redacted, the stack left out (it goes to the job's log).
// score = base points / maximum in [0, 1]: the docs give that range and a question's score stops at 100%, so extra
// credit is shown but not counted. Not gradable → `gradable: false` with `format_errors` saying why: PrairieLearn then
// awards and takes no points and does not use up the attempt. A grader failure is reported the same way, on purpose:
// it is not the student's fault, so the attempt must not count, and a score from a failed grading would be wrong
export const prairielearn: Reporter = {
  name: 'prairielearn',
  extension: 'json',
  description: "PrairieLearn's external grader results.json",
  render(report) {
    const view = studentView(report, { afterDueDate: false })
    const top = { ...verdict(view), ...(view.notes?.length ? { output: list('How the programs were found:', view.notes) } : {}) }
    const parts = view.checks.map((check) => (maxBytes: number) => checkTest(check, maxBytes))
    return fitParts<PrairieLearnTest>(parts, (tests) => `${JSON.stringify({ ...top, tests }, null, 2)}\n`, TEST_BYTES, DOCUMENT_BYTES)
  },
}

// gradable, score, message and format_errors. An ungraded submission still carries `score: 0`: the docs call it
// unneeded, but PrairieLearn's parser reads `results.score` either way
function verdict(report: GradeReport): { gradable: boolean; score: number; message: string; format_errors?: string[] } {
  if (report.harnessError) {
    const error = 'The autograder failed: contact course staff. This is not a problem with your submission, and this attempt was not counted'
    return { gradable: false, score: 0, message: `${error}.\n\n${studentText(report.harnessError.message, REASON_CHARS)}`, format_errors: [error] }
  }
  if (!report.gradable) {
    const reason = studentText(report.notGradableReason ?? 'No reason given', REASON_CHARS)
    return { gradable: false, score: 0, message: `Not gradable: ${reason}. This attempt was not counted: fix this and submit again.`, format_errors: [reason] }
  }
  const fraction = report.maxScore > 0 ? baseScore(report) / report.maxScore : 1
  const lines = [`Score: ${baseScore(report)}/${report.maxScore} (${Math.floor(basePercent(report) * 10) / 10}%)`]
  if (report.extraScore > 0) lines.push(`Extra credit earned: ${report.extraScore}, not counted: a PrairieLearn question scores at most 100%.`)
  if (report.deadlineReached) lines.push(`Out of time: the grading reached its deadline of ${(report.deadlineMs / 1000).toFixed(1)} s; the checks not finished then failed.`)
  if (report.causes?.length) lines.push(list('What went wrong:', report.causes.map((c) => `${c.message} (first seen in ${c.check})`)))
  return { gradable: true, score: Math.round(Math.min(1, Math.max(0, fraction)) * 1e6) / 1e6, message: lines.join('\n') }
}

function list(title: string, items: readonly string[]): string {
  const shown = items.slice(0, LIST_ITEMS).map((item) => `- ${studentText(item, ITEM_CHARS)}`)
  if (items.length > LIST_ITEMS) shown.push(`- … ${items.length - LIST_ITEMS} more`)
  return [title, ...shown].join('\n')
}
