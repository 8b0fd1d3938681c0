import { preview } from './transcript.js'
import { clientEnded } from './client-outcome.js'
import { defineClientDialogueProbe, heardNamed, stepName } from './dialogue-run.js'
import { fail, pass } from './probe.js'
import type { Assignment } from '../assignments/assignment.js'
import { clientDialogueSteps, expectPattern, unrolledSteps } from '../dialogue/dialogue.js'
import type { HeardStep } from '../dialogue/play.js'
import type { ClientDialogueRun } from '../sessions/client-dialogue.js'

export interface DialogueStepParams {
  /** A step's name, or several: one of them (branches a client chooses between, SMTP's AUTH LOGIN or AUTH PLAIN) */
  readonly step: string | readonly string[]
  readonly 'over-tls'?: boolean
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
    step: {
      description: 'The name of an expect step, or a list of names: the step the client took of them (a dialogue whose branches it chooses between)',
      oneOf: [
        { type: 'string', minLength: 1 },
        { type: 'array', minItems: 1, uniqueItems: true, items: { type: 'string', minLength: 1 } },
      ],
    },
    'over-tls': { type: 'boolean', description: 'The message must have come over TLS (after a start-tls step)' },
    strict: { type: 'boolean', description: "The message must match the step's strict form too" },
    matches: { type: 'string', minLength: 1, description: "A pattern the message must match whole, where the step's own pattern lets the dialogue go on with less (the step's ignore-case applies)" },
  },
  judge(run, ctx) {
    const names = typeof ctx.params.step === 'string' ? [ctx.params.step] : ctx.params.step
    // Of branches, the one the client took: the steps that matched, if any did
    const reached = heardNamed(run, names)
    const heard = names.length > 1 && reached.some((step) => step.matched) ? reached.filter((step) => step.matched) : reached
    const played = run.played
    if (heard.length === 0) {
      // A branch the client did not take: it went on past it
      const past = heardPast(run, ctx.assignment, names)
      if (past) return fail(`The client did not take ${names.length > 1 ? `any of the steps ${names.map((name) => `"${name}"`).join(', ')}` : `step "${names[0]}"`}: it went on with ${preview(past.raw ?? '')} (${past.label})`)
      const why = played && !played.ok ? played.problem : 'it ended before then'
      // The grader's side stopped first (a message it could not go on with): the client may have sent this one later
      return fail(`The dialogue ended before ${names.length > 1 ? `any of the steps ${names.map((name) => `"${name}"`).join(', ')}` : `step "${names[0]}"`}: ${why}; the client ${clientEnded(run)}`)
    }
    for (const step of heard) {
      if (!step.matched) {
        const why = played && !played.ok ? played.problem : `${step.label}: received ${preview(step.raw ?? '')}`
        return fail(`${why}; the client ${clientEnded(run)}`)
      }
      if (ctx.params['over-tls'] && !step.tls) return fail(`Step ${stepName(step)}: ${preview(step.raw ?? '')} came in plain text, before any TLS was started`)
      if (ctx.params.strict && !step.strict) return fail(`Step ${stepName(step)}: the grader went on with ${preview(step.raw ?? '')}, but it is not in the exact form the protocol writes`)
      const wanted = ctx.params.matches
      if (wanted !== undefined && !expectPattern(wanted, new Map(), ignoresCase(ctx.assignment, run.dialogue, step.name ?? '')).test(step.text ?? '')) {
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

// The first message heard at a step after all of the named ones: the client went past them (an optional branch it did
// not take); undefined when the dialogue never got that far
function heardPast(run: ClientDialogueRun, assignment: Assignment, names: readonly string[]): HeardStep | undefined {
  const steps = unrolledSteps(clientDialogueSteps(assignment, run.dialogue))
  const last = Math.max(...steps.flatMap((step, index) => (step.kind === 'expect' && step.name !== undefined && names.includes(step.name) ? [index] : [])))
  return run.heard.find((step) => step.raw !== undefined && steps.findIndex((s) => s.label === step.label) > last)
}
