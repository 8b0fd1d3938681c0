import { unrolledSteps } from '../dialogue/dialogue.js'
import { clientEnded, neverContacted } from './client-outcome.js'
import { defineClientProbe, fail, pass } from './probe.js'
import { preview } from './transcript.js'

// Plays the server's side of the assignment's `client-dialogue:` with the student's client: each message the client
// sends must match its expect step, in order; a send step marked printed must then be in what the client printed
export const clientFollowsDialogue = defineClientProbe<Record<string, never>>({
  name: 'client-follows-dialogue',
  description: "Follows the assignment's client dialogue with the grader as its server, and prints what it is asked to",
  params: { type: 'object', additionalProperties: false, properties: {} },
  transports: ['tcp'],
  needsDialogue: 'client',
  answerFree: true,
  async run(ctx) {
    const run = await ctx.runClientDialogue()
    for (const line of run.transcript) ctx.transcript[line.dir === 'sent' ? 'sent' : line.dir === 'received' ? 'received' : 'note'](line.text)
    if (!run.played) return fail(neverContacted(run, ctx.assignment))
    if (!run.played.ok) return fail(`${run.played.problem}; the client ${clientEnded(run)}`)
    const sends = unrolledSteps(ctx.assignment['client-dialogue'] ?? []).filter((step) => step.kind === 'send')
    for (const [i, step] of sends.entries()) {
      const text = (run.played.sent[i] ?? '').trim()
      if (step.kind === 'send' && step.printed && !run.stdout.includes(text)) {
        return fail(`${step.label}: the grader sent ${preview(text)}, which is not in the client's output ${preview(run.stdout)}`, 'Print what the server sent (decoded), not something of your own')
      }
    }
    return pass()
  },
})
