import { dialogueParam, dialogueRun } from './dialogue-run.js'
import { printedMissing } from './printed-sends.js'
import { defineClientProbe, fail, pass } from './probe.js'

// The client prints what the grader sent in each send step marked printed, of those the dialogue got to (an SMTP
// client prints each reply): judged on its own, however far the dialogue went
export const clientPrintsSends = defineClientProbe<{ dialogue?: string }>({
  name: 'client-prints-sends',
  description: 'Prints each message of the grader marked printed in the client dialogue, as far as the dialogue went',
  params: { type: 'object', additionalProperties: false, properties: { dialogue: dialogueParam } },
  transports: ['tcp'],
  needsDialogue: 'client',
  answerFree: true,
  async run(ctx) {
    const run = await dialogueRun(ctx, ctx.params.dialogue)
    if ('status' in run) return run
    if (run.sent.length === 0) return fail('The grader sent the client nothing to print')
    return printedMissing(run, ctx.assignment) ?? pass()
  },
})
