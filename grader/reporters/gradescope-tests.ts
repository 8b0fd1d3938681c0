// One Gradescope test per check, its output in Markdown (https://gradescope-autograders.readthedocs.io/en/latest/specs/)
import type { CheckResult, GradeReport } from '../report.js'
import { printable, truncate, cleanText } from './clean.js'
import { shrinkToFit, type OutputBudget } from './fit-bytes.js'
import { codeBlock } from './markdown-escape.js'
import { markdownText } from './md-escape.js'
import { transcriptText } from './transcript-text.js'

/** A test of Gradescope's results.json, as its specification names the fields */
export interface GradescopeTest {
  readonly name: string
  readonly score: number
  readonly max_score: number
  readonly status: 'passed' | 'failed'
  readonly visibility: 'visible' | 'hidden' | 'after_due_date' | 'after_published'
  readonly output: string
  readonly output_format: 'md'
  readonly tags: readonly string[]
  readonly extra_data?: Record<string, unknown>
}

/** The most of a check's message (and hint) shown, and of its transcript, before the 1 MB limit asks for less */
export const FULL_BUDGET: OutputBudget = { transcriptBytes: 48_000, messageChars: 4000 }
const NAME_CHARS = 200
const STACK_CHARS = 16_000

// A check as a test. Extra credit has `max_score: 0`, so the tests' maxima add up to the rubric's maximum and the
// points come on top (the top-level score, which includes them, is what Gradescope records: it "overrides total of
// tests"). Status is always set: Gradescope's default (passed when score = max_score) would call a missed extra credit
// or a failed advisory check (both 0/0) passed. Visibility maps one to one
export function checkTest(check: CheckResult, maxBytes: number): GradescopeTest {
  return shrinkToFit((budget) => renderCheck(check, budget), maxBytes, FULL_BUDGET)
}

function renderCheck(check: CheckResult, budget: OutputBudget): GradescopeTest {
  return {
    name: truncate(printable(check.name), NAME_CHARS),
    score: check.score,
    max_score: check.extraCredit ? 0 : check.maxScore,
    status: check.status === 'passed' ? 'passed' : 'failed',
    visibility: check.visibility,
    output: checkOutput(check, budget),
    output_format: 'md',
    tags: [check.id, ...(check.extraCredit ? ['extra-credit'] : []), ...(check.maxScore === 0 && !check.extraCredit ? ['advisory'] : [])],
    extra_data: { check_id: check.id, status: check.status },
  }
}

function checkOutput(check: CheckResult, budget: OutputBudget): string {
  const blocks: string[] = []
  if (check.extraCredit) blocks.push(`_Extra credit: ${check.maxScore} ${check.maxScore === 1 ? 'point' : 'points'} on top of the maximum; not earning ${check.maxScore === 1 ? 'it' : 'them'} costs nothing._`)
  else if (check.maxScore === 0) blocks.push('_Advisory: no points, a sign of how robust the program is._')
  const message = markdownText(truncate(cleanText(check.message), budget.messageChars))
  if (message) blocks.push(check.status === 'skipped' && !/^(Skipped|Not run)\b/.test(check.message) ? `Not run: ${message}` : message)
  if (check.status === 'passed') return blocks.join('\n\n')
  if (check.hint && check.status !== 'skipped') blocks.push(`**Hint:** ${markdownText(truncate(cleanText(check.hint), budget.messageChars))}`)
  if (check.transcript.length) {
    const text = transcriptText(check.transcript, budget.transcriptBytes)
    blocks.push(text === undefined ? "_Transcript left out: this results.json reached Gradescope's 1 MB limit._" : `**Transcript** (→ the grader sent, ← your program sent):\n\n${codeBlock(text)}`)
  }
  return blocks.join('\n\n')
}

// The grader failed (style guide, errors rule 3, as otter-grader does): a visible test says so with the error message,
// a hidden one holds the stack for course staff. Both 0/0, failed, so they change no score
export function harnessTests(error: NonNullable<GradeReport['harnessError']>): ((maxBytes: number) => GradescopeTest)[] {
  const base = { score: 0, max_score: 0, status: 'failed', output_format: 'md', tags: ['autograder-error'] } as const
  return [
    (maxBytes) => shrinkToFit(
      (budget) => ({
        ...base,
        name: 'The autograder failed; contact course staff',
        visibility: 'visible',
        output: `${markdownText(truncate(cleanText(error.message), budget.messageChars))}\n\nThis is not a problem with your submission: course staff can regrade it once the autograder is fixed.`,
      }),
      maxBytes,
      FULL_BUDGET,
    ),
    (maxBytes) => shrinkToFit(
      (budget) => ({
        ...base,
        name: 'Autograder error details (course staff only)',
        visibility: 'hidden',
        output: codeBlock(truncate(cleanText(error.stack ?? error.message), Math.min(STACK_CHARS, budget.messageChars * 4))),
      }),
      maxBytes,
      FULL_BUDGET,
    ),
  ]
}
