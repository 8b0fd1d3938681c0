import { dialogueParam, dialogueRun, heardNamed, stepName } from './dialogue-run.js'
import { defineClientProbe, fail, pass } from './probe.js'
import { preview } from './transcript.js'

export interface LineEndsParams {
  readonly steps: readonly string[]
  readonly ending: string
  readonly dialogue?: string
}

// Each named step's message ends with the given bytes, as the protocol writes them (SMTP's CR LF, its message's
// CR LF . CR LF), though the grader reads on with less. Steps the dialogue never reached are not judged; none fails
export const clientLineEnds = defineClientProbe<LineEndsParams>({
  name: 'client-line-ends',
  description: "Ends each named step's message with the bytes the protocol writes",
  params: {
    type: 'object',
    additionalProperties: false,
    required: ['steps', 'ending'],
    properties: {
      steps: { type: 'array', minItems: 1, uniqueItems: true, items: { type: 'string', minLength: 1 }, description: 'Names of expect steps' },
      ending: { type: 'string', minLength: 1, description: 'The bytes each message must end with ("\\r\\n")' },
      dialogue: dialogueParam,
    },
  },
  transports: ['tcp'],
  needsDialogue: 'client',
  answerFree: true,
  async run(ctx) {
    const run = await dialogueRun(ctx, ctx.params.dialogue)
    if ('status' in run) return run
    const heard = heardNamed(run, ctx.params.steps).filter((step) => step.raw !== undefined)
    if (heard.length === 0) return fail(`The client never sent the message of step "${ctx.params.steps[0]}"`)
    const wrong = heard.find((step) => !(step.raw as string).endsWith(ctx.params.ending))
    if (wrong) return fail(`Step ${stepName(wrong)}: expected the message to end with ${preview(ctx.params.ending)}, received ${preview((wrong.raw as string).slice(-40))}`)
    return pass()
  },
})
