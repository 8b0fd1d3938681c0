import { defineClientDialogueProbe } from './dialogue-run.js'
import { printedMissing } from './printed-sends.js'
import { fail, pass } from './probe.js'

// The client prints what the grader sent in each send step marked printed, of those the dialogue got to (an SMTP
// client prints each reply): judged on its own, however far the dialogue went
export const clientPrintsSends = defineClientDialogueProbe<{ dialogue?: string }>({
  name: 'client-prints-sends',
  description: 'Prints each message of the grader marked printed in the client dialogue, as far as the dialogue went',
  properties: {},
  judge(run, ctx) {
    if (run.sent.length === 0) return fail('The grader sent the client nothing to print')
    return printedMissing(run, ctx.assignment) ?? pass()
  },
})
