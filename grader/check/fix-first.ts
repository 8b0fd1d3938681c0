import { stripControl } from '../reporters/ansi.js'
import { isFullMarks, type CheckResult, type GradeReport } from '../report.js'

const MAX_MESSAGE_CHARS = 100
// An error line names the file and line at its end: room for it
const CAUSE_CHARS = 160

// The one line a check ends with: the first failed check worth points, in rubric order (a visible one before a
// hidden one), with what happened (a crash's error line) and its hint, each shortened; the reason when the submission could not be graded at all
export function fixFirstLine(report: GradeReport): string {
  if (report.harnessError) return `Fix first: nothing in your code; the grader failed (${shorten(report.harnessError.message)}): tell course staff`
  if (!report.gradable) return `Fix first: ${shorten(report.notGradableReason ?? 'the submission could not be graded')}`
  if (isFullMarks(report)) return `Nothing to fix: full marks${extraCreditOpen(report)}`
  const lost = (c: CheckResult) => c.maxScore > 0 && !c.extraCredit && c.score < c.maxScore
  const failed = report.checks.filter((c) => lost(c) && (c.status === 'failed' || c.status === 'error'))
  const first = failed.find((c) => c.visibility === 'visible') ?? failed[0] ?? report.checks.find(lost)
  if (!first) return 'Nothing to fix: full marks'
  const points = `${first.maxScore - first.score} point${first.maxScore - first.score === 1 ? '' : 's'}`
  // A crash is said by what happened (the error line), not by what the check sent; then the hint that fixes it
  const cause = report.causes?.find((c) => c.check === first.id)
  const hint = first.hint ? ` Hint: ${shorten(first.hint)}` : ''
  return `Fix first: ${first.name} (${first.id}, ${points}): ${cause ? shorten(cause.message, CAUSE_CHARS) : shorten(first.message || first.status)}${hint}`
}

// Full marks can still leave extra credit to earn: name it, so a student going for it knows where to look
function extraCreditOpen(report: GradeReport): string {
  const open = report.checks.filter((c) => c.extraCredit && c.status !== 'passed').map((c) => c.id)
  return open.length ? ` (extra credit still open: ${open.join(', ')})` : ''
}

// The first line of a message, without control characters, cut at a word near MAX_MESSAGE_CHARS
export function shorten(message: string, maxChars = MAX_MESSAGE_CHARS): string {
  const line = stripControl(message.split('\n')[0] ?? '').trim()
  if (line.length <= maxChars) return line
  const cut = line.slice(0, maxChars)
  const space = cut.lastIndexOf(' ')
  return `${space > maxChars / 2 ? cut.slice(0, space) : cut}…`
}
