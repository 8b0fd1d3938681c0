import { defineClientDialogueProbe, heardNamed, stepName } from './dialogue-run.js'
import { fail, pass } from './probe.js'
import { preview } from './transcript.js'

// How much of a message's end a failure shows
const TAIL_CHARS = 40

export interface LineEndsParams {
  readonly steps: readonly string[]
  readonly ending: string
  readonly dialogue?: string
}

// Each named step's message ends with the given bytes, as the protocol writes them (SMTP's CR LF, its message's
// CR LF . CR LF), though the grader reads on with less. Steps the dialogue never reached are not judged; none fails
export const clientLineEnds = defineClientDialogueProbe<LineEndsParams>({
  name: 'client-line-ends',
  description: "Ends each named step's message with the bytes the protocol writes",
  required: ['steps', 'ending'],
  properties: {
    steps: { type: 'array', minItems: 1, uniqueItems: true, items: { type: 'string', minLength: 1 }, description: 'Names of expect steps' },
    ending: { type: 'string', minLength: 1, description: 'The bytes each message must end with ("\\r\\n")' },
  },
  judge(run, ctx) {
    const heard = heardNamed(run, ctx.params.steps).filter((step) => step.raw !== undefined)
    if (heard.length === 0) return fail(`The client never sent the message of step "${ctx.params.steps[0]}"`)
    const wrong = heard.find((step) => !(step.raw as string).endsWith(ctx.params.ending))
    // A long message (an SMTP body) is shown by its end, which is what is judged: "…" says the start was left out
    if (wrong) {
      const raw = wrong.raw as string
      return fail(`Step ${stepName(wrong)}: expected the message to end with ${preview(ctx.params.ending)}, received ${raw.length > TAIL_CHARS ? `…${preview(raw.slice(-TAIL_CHARS))} (its last ${TAIL_CHARS} characters)` : preview(raw)}`)
    }
    return pass()
  },
})
