import type { Assignment } from '../assignments/assignment.js'
import { clientDialogueSteps, unrolledSteps } from '../dialogue/dialogue.js'
import type { ClientDialogueRun } from '../sessions/client-dialogue.js'
import { fail, type ProbeOutcome } from './probe.js'
import { preview } from './transcript.js'

// The first send step marked printed that the grader sent and the client did not print, as a failure; undefined when
// every one it sent is in the client's output: each of its lines as a substring, trimmed (a prefix, and a bytes repr
// b'...' that shows a reply of several lines with "\r\n" written out, pass)
export function printedMissing(run: ClientDialogueRun, assignment: Assignment): ProbeOutcome | undefined {
  const steps = unrolledSteps(clientDialogueSteps(assignment, run.dialogue))
  const printed = new Set(steps.flatMap((step) => (step.kind === 'send' && step.printed ? [step.label] : [])))
  const shown = (text: string) => text.split(/\r?\n/).every((line) => run.stdout.includes(line.trim()))
  for (const [index, { label, text: whole }] of run.sent.entries()) {
    const text = whole.trim()
    if (printed.has(label) && !shown(text)) {
      // The send before it went out in the same turn (no message between) and was printed: the client read once
      const at = steps.findIndex((step) => step.label === label)
      const before = run.sent[index - 1]
      const readOnce = steps[at - 1]?.kind === 'send' && before !== undefined && before.text.split(/\r?\n/).some((line) => line.trim() !== '' && run.stdout.includes(line.trim()))
      const hint = readOnce ? "Read until the server closes the connection (recv() in a loop until it returns b''), then print all of it: one recv() returns only what had arrived by then" : 'Print what the server sent (decoded), not something of your own'
      return fail(`${label}: the grader sent ${preview(text)}, which is not in the client's output ${preview(run.stdout)}`, hint)
    }
  }
  return undefined
}
