import { clientEnded } from './client-outcome.js'
import { dialogueParam, dialogueRun } from './dialogue-run.js'
import { printedMissing } from './printed-sends.js'
import { defineClientProbe, fail, pass } from './probe.js'

// Plays the server's side of the assignment's `client-dialogue:` (or a named one of `client-dialogues:`) with the
// student's client: each message the client sends must match its expect step, in order; a send step marked printed
// must then be in what the client printed
export const clientFollowsDialogue = defineClientProbe<{ dialogue?: string }>({
  name: 'client-follows-dialogue',
  description: "Follows the assignment's client dialogue with the grader as its server, and prints what it is asked to",
  params: { type: 'object', additionalProperties: false, properties: { dialogue: dialogueParam } },
  transports: ['tcp'],
  needsDialogue: 'client',
  answerFree: true,
  async run(ctx) {
    const run = await dialogueRun(ctx, ctx.params.dialogue)
    if ('status' in run) return run
    if (!run.played?.ok) return fail(`${run.played?.ok === false ? run.played.problem : 'The dialogue did not run'}; the client ${clientEnded(run)}`)
    return printedMissing(run, ctx.assignment) ?? pass()
  },
})
