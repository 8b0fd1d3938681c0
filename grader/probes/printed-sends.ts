import type { Assignment } from '../assignments/assignment.js'
import { clientDialogueSteps, unrolledSteps } from '../dialogue/dialogue.js'
import type { ClientDialogueRun } from '../sessions/client-dialogue.js'
import { fail, type ProbeOutcome } from './probe.js'
import { preview } from './transcript.js'

// The first send step marked printed that the grader sent and the client did not print, as a failure; undefined when
// every one it sent is in the client's output: each of its lines as a substring, trimmed (a prefix, and a bytes repr
// b'...' that shows a reply of several lines with "\r\n" written out, pass)
export function printedMissing(run: ClientDialogueRun, assignment: Assignment): ProbeOutcome | undefined {
  const printed = new Set(unrolledSteps(clientDialogueSteps(assignment, run.dialogue)).flatMap((step) => (step.kind === 'send' && step.printed ? [step.label] : [])))
  for (const { label, text: whole } of run.sent) {
    const text = whole.trim()
    if (printed.has(label) && !text.split(/\r?\n/).every((line) => run.stdout.includes(line.trim()))) {
      return fail(`${label}: the grader sent ${preview(text)}, which is not in the client's output ${preview(run.stdout)}`, 'Print what the server sent (decoded), not something of your own')
    }
  }
  return undefined
}
