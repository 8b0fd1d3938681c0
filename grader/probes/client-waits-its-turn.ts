import { defineClientDialogueProbe, heardNamed, stepName } from './dialogue-run.js'
import { fail, pass } from './probe.js'
import { preview } from './transcript.js'

export interface WaitsItsTurnParams {
  readonly steps: readonly string[]
  readonly dialogue?: string
}

// The client sends each named step's message only after the grader's send before it: a send step with hold-ms waits
// before it goes, and a message that came meanwhile did not wait (a client that speaks before the greeting, or sends
// the next command before the reply). Steps the dialogue never reached are not judged; none reached fails
export const clientWaitsItsTurn = defineClientDialogueProbe<WaitsItsTurnParams>({
  name: 'client-waits-its-turn',
  description: "Sends each named step's message only after the grader's message before it has come",
  required: ['steps'],
  properties: {
    steps: { type: 'array', minItems: 1, uniqueItems: true, items: { type: 'string', minLength: 1 }, description: 'Names of expect steps that follow a send step with hold-ms' },
  },
  judge(run, ctx) {
    const heard = heardNamed(run, ctx.params.steps)
    if (heard.length === 0) return fail(`The dialogue ended before step "${ctx.params.steps[0]}", so whether the client waits could not be seen`)
    const early = heard.find((step) => step.early)
    if (early) return fail(`Step ${stepName(early)}: the client sent ${preview(early.raw ?? '')} while the grader was still holding back the reply it should have waited for (the transcript shows that reply where the grader sent it, after)`)
    return pass()
  },
})
