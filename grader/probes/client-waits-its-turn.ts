import { dialogueParam, dialogueRun, heardNamed, stepName } from './dialogue-run.js'
import { defineClientProbe, fail, pass } from './probe.js'
import { preview } from './transcript.js'

export interface WaitsItsTurnParams {
  readonly steps: readonly string[]
  readonly dialogue?: string
}

// The client sends each named step's message only after the grader's send before it: a send step with hold-ms waits
// before it goes, and a message that came meanwhile did not wait (a client that speaks before the greeting, or sends
// the next command before the reply). Steps the dialogue never reached are not judged; none reached fails
export const clientWaitsItsTurn = defineClientProbe<WaitsItsTurnParams>({
  name: 'client-waits-its-turn',
  description: "Sends each named step's message only after the grader's message before it has come",
  params: {
    type: 'object',
    additionalProperties: false,
    required: ['steps'],
    properties: {
      steps: { type: 'array', minItems: 1, uniqueItems: true, items: { type: 'string', minLength: 1 }, description: 'Names of expect steps that follow a send step with hold-ms' },
      dialogue: dialogueParam,
    },
  },
  transports: ['tcp'],
  needsDialogue: 'client',
  answerFree: true,
  async run(ctx) {
    const run = await dialogueRun(ctx, ctx.params.dialogue)
    if ('status' in run) return run
    const heard = heardNamed(run, ctx.params.steps)
    if (heard.length === 0) return fail(`The dialogue never reached step "${ctx.params.steps[0]}", so whether the client waits could not be seen`)
    const early = heard.find((step) => step.early)
    if (early) return fail(`Step ${stepName(early)}: the client sent ${preview(early.raw ?? '')} before the grader's message before it had been sent`)
    return pass()
  },
})
