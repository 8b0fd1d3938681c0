import { preview } from './transcript.js'
import { clientEnded } from './client-outcome.js'
import { dialogueParam, dialogueRun, heardNamed, stepName } from './dialogue-run.js'
import { defineClientProbe, fail, pass } from './probe.js'

export interface DialogueStepParams {
  readonly step: string
  readonly dialogue?: string
  readonly strict?: boolean
}

// One named expect step of a client dialogue: the client's message for it came and matched (with strict: the step's
// exact form too). The dialogue goes on past what other checks judge (a bare LF, a message sent early), so each check
// of one step stands on its own
export const clientDialogueStep = defineClientProbe<DialogueStepParams>({
  name: 'client-dialogue-step',
  description: "Sends the message a named step of the assignment's client dialogue expects, in its turn",
  params: {
    type: 'object',
    additionalProperties: false,
    required: ['step'],
    properties: {
      step: { type: 'string', minLength: 1, description: 'The name of an expect step' },
      dialogue: dialogueParam,
      strict: { type: 'boolean', description: "The message must match the step's strict form too" },
    },
  },
  transports: ['tcp'],
  needsDialogue: 'client',
  answerFree: true,
  async run(ctx) {
    const run = await dialogueRun(ctx, ctx.params.dialogue)
    if ('status' in run) return run
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
    }
    return pass()
  },
})
