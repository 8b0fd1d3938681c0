import { stripControl } from '../reporters/ansi.js'
import { isFullMarks, type CheckResult, type GradeReport } from '../report.js'

const MAX_MESSAGE_CHARS = 100

// The one line a check ends with: the first failed check worth points, in rubric order (a visible one before a
// hidden one), with its message shortened; the reason when the submission could not be graded at all
export function fixFirstLine(report: GradeReport): string {
  if (report.harnessError) return `Fix first: nothing in your code; the grader failed (${shorten(report.harnessError.message)}): tell course staff`
  if (!report.gradable) return `Fix first: ${shorten(report.notGradableReason ?? 'the submission could not be graded')}`
  if (isFullMarks(report)) return 'Nothing to fix: full marks'
  const lost = (c: CheckResult) => c.maxScore > 0 && !c.extraCredit && c.score < c.maxScore
  const failed = report.checks.filter((c) => lost(c) && (c.status === 'failed' || c.status === 'error'))
  const first = failed.find((c) => c.visibility === 'visible') ?? failed[0] ?? report.checks.find(lost)
  if (!first) return 'Nothing to fix: full marks'
  const points = `${first.maxScore - first.score} point${first.maxScore - first.score === 1 ? '' : 's'}`
  return `Fix first: ${first.name} (${first.id}, ${points}): ${shorten(first.message || first.status)}`
}

// The first line of a message, without control characters, cut at a word near MAX_MESSAGE_CHARS
export function shorten(message: string): string {
  const line = stripControl(message.split('\n')[0] ?? '').trim()
  if (line.length <= MAX_MESSAGE_CHARS) return line
  const cut = line.slice(0, MAX_MESSAGE_CHARS)
  const space = cut.lastIndexOf(' ')
  return `${space > MAX_MESSAGE_CHARS / 2 ? cut.slice(0, space) : cut}…`
}
