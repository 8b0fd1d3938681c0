import { preview } from './transcript.js'
import { clientEnded } from './client-outcome.js'
import { defineClientDialogueProbe, heardNamed, stepName } from './dialogue-run.js'
import { fail, pass } from './probe.js'
import type { Assignment } from '../assignments/assignment.js'
import { clientDialogueSteps, expectPattern, unrolledSteps } from '../dialogue/dialogue.js'

export interface DialogueStepParams {
  readonly step: string
  readonly dialogue?: string
  readonly strict?: boolean
  readonly matches?: string
}

// One named expect step of a client dialogue: the client's message for it came and matched (with strict: the step's
// exact form too; with matches: this check's own pattern, stricter than what the grader goes on with). The dialogue
// goes on past what other checks judge (a bare LF, a message sent early), so each check of one step stands on its own
export const clientDialogueStep = defineClientDialogueProbe<DialogueStepParams>({
  name: 'client-dialogue-step',
  description: "Sends the message a named step of the assignment's client dialogue expects, in its turn",
  required: ['step'],
  properties: {
    step: { type: 'string', minLength: 1, description: 'The name of an expect step' },
    strict: { type: 'boolean', description: "The message must match the step's strict form too" },
    matches: { type: 'string', minLength: 1, description: "A pattern the message must match whole, where the step's own pattern lets the dialogue go on with less (the step's ignore-case applies)" },
  },
  judge(run, ctx) {
    const heard = heardNamed(run, [ctx.params.step])
    const played = run.played
    if (heard.length === 0) {
      const why = played && !played.ok ? played.problem : 'it ended before then'
      return fail(`The dialogue never reached step "${ctx.params.step}": ${why}; the client ${clientEnded(run)}`)
    }
    for (const step of heard) {
      if (!step.matched) {
        const why = played && !played.ok ? played.problem : `${step.label}: received ${preview(step.raw ?? '')}`
        return fail(`${why}; the client ${clientEnded(run)}`)
      }
      if (ctx.params.strict && !step.strict) return fail(`Step ${stepName(step)}: the grader went on with ${preview(step.raw ?? '')}, but it is not in the exact form the protocol writes`)
      const wanted = ctx.params.matches
      if (wanted !== undefined && !expectPattern(wanted, new Map(), ignoresCase(ctx.assignment, run.dialogue, ctx.params.step)).test(step.text ?? '')) {
        return fail(`Step ${stepName(step)}: expected a message matching ${preview(wanted)}, received ${preview(step.raw ?? '')} (the grader went on with it, as lenient servers do)`)
      }
    }
    return pass()
  },
})

// Whether the named step's pattern ignores case: a check's own pattern for it does too
function ignoresCase(assignment: Assignment, dialogue: string | undefined, name: string): boolean {
  return unrolledSteps(clientDialogueSteps(assignment, dialogue)).some((step) => step.kind === 'expect' && step.name === name && step.ignoreCase)
}
