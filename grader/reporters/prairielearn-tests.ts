// One PrairieLearn test per check, as the pl-external-grader-results element shows it
// (https://prairielearn.readthedocs.io/en/latest/externalGrading/#grading-results)
import type { CheckResult } from '../report.js'
import { cleanText, printable, truncate } from './clean.js'
import { shrinkToFit, type OutputBudget } from './fit-bytes.js'
import { transcriptText } from './transcript-text.js'

/** A test of PrairieLearn's results.json */
export interface PrairieLearnTest {
  readonly name: string
  readonly description: string
  readonly points: number
  readonly max_points: number
  readonly message: string
  readonly output: string
}

const FULL_BUDGET: OutputBudget = { transcriptBytes: 48_000, messageChars: 4000 }
const NAME_CHARS = 200

// A check as a test, its text only cleaned: the element escapes name and description (mustache) and runs message and
// output through ansi2html, which escapes HTML, so escaping here would show "&lt;". A question's score stops at 100%,
// so extra credit is 0/0 here (shown, not counted), and the tests' points add up to the score. A check the student may
// not see in full (hidden, or after the due date: PrairieLearn has no due-date release) keeps its name and points only
export function checkTest(check: CheckResult, maxBytes: number): PrairieLearnTest {
  return shrinkToFit((budget) => renderCheck(check, budget), maxBytes, FULL_BUDGET)
}

function renderCheck(check: CheckResult, budget: OutputBudget): PrairieLearnTest {
  const counted = !check.extraCredit && check.maxScore > 0
  const redacted = check.visibility !== 'visible'
  return {
    name: truncate(printable(check.name), NAME_CHARS),
    description: [check.id, kind(check), redacted ? 'details hidden' : ''].filter(Boolean).join(' · '),
    points: counted ? check.score : 0,
    max_points: counted ? check.maxScore : 0,
    message: redacted ? (check.status === 'passed' ? 'Passed' : 'Not passed') : message(check, budget),
    output: redacted || check.status === 'passed' ? '' : output(check, budget),
  }
}

function kind(check: CheckResult): string {
  if (check.extraCredit) return `extra credit (${check.score}/${check.maxScore}), not counted: a question scores at most 100%`
  return check.maxScore === 0 ? 'advisory, no points' : ''
}

function message(check: CheckResult, budget: OutputBudget): string {
  const text = truncate(cleanText(check.message), budget.messageChars)
  if (check.status === 'passed') return text || 'Passed'
  if (check.status === 'skipped' && !/^(Skipped|Not run)\b/.test(text)) return `Not run: ${text}`
  return text
}

// The hint (not for a check that did not run: it would answer a question not asked) and the transcript
function output(check: CheckResult, budget: OutputBudget): string {
  const blocks: string[] = []
  if (check.hint && check.status !== 'skipped') blocks.push(`Hint: ${truncate(cleanText(check.hint), budget.messageChars)}`)
  if (check.transcript.length) {
    const text = transcriptText(check.transcript, budget.transcriptBytes)
    blocks.push(text === undefined ? "Transcript left out: this results.json reached PrairieLearn's 1 MB limit" : `Transcript (→ the grader sent, ← your program sent):\n${text}`)
  }
  return blocks.join('\n\n')
}
