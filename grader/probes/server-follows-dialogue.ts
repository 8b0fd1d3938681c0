import { framingOf } from '../assignments/framing.js'
import { openChannel } from '../dialogue/channel.js'
import { unrolledSteps, type DialogueStep } from '../dialogue/dialogue.js'
import { playDialogue } from '../dialogue/play.js'
import { targetUrl } from '../net/target.js'
import { expectWaits } from '../dialogue/waits.js'
import { defineServerProbe, fail, pass, type ProbeOutcome, type ServerProbeContext } from './probe.js'

export interface Params {
  /** How many times the dialogue is played, each time as a new client */
  readonly times?: number
}

// Plays the client's side of the assignment's dialogue (its `dialogue:` steps) with the student's server: sends each
// send step, and reads each message the server sends, which must match its expect step. A failed step is named with
// what was expected and what came
export const serverFollowsDialogue = defineServerProbe<Params>({
  name: 'server-follows-dialogue',
  description: "Follows the assignment's dialogue: each message the server sends matches its step, in order",
  params: { type: 'object', additionalProperties: false, properties: { times: { type: 'integer', minimum: 1, maximum: 10 } } },
  transports: ['udp', 'tcp'],
  needsDialogue: 'server',
  answerFree: true,
  // Each expect step is a wait of its own, as long as its timeout-ms where it gives one
  waits: (params, assignment) => (params.times ?? 1) * expectWaits(unrolledSteps(assignment.dialogue ?? [])),
  async run(ctx) {
    const steps = unrolledSteps(ctx.assignment.dialogue ?? [])
    const times = ctx.params.times ?? 1
    for (let n = 1; n <= times; n++) {
      const outcome = await playOnce(ctx, steps, times > 1 ? `Client ${n} of ${times}, ` : '')
      if (outcome) return outcome
    }
    return pass()
  },
})

// One play of the dialogue as a new client: undefined when every step went as written
async function playOnce(ctx: ServerProbeContext<Params>, steps: readonly DialogueStep[], who: string): Promise<ProbeOutcome | undefined> {
  const framing = framingOf(ctx.assignment)
  const channel = await openChannel(ctx.server.target, framing, { timeoutMs: ctx.timing.replyTimeoutMs, signal: ctx.signal })
  if ('problem' in channel) {
    const ended = await ctx.server.endedHow({ dying: true })
    return fail(`${who}could not reach the server at ${targetUrl(ctx.server.target)}: ${channel.problem}${ended ? `; ${ended}` : ''}`)
  }
  try {
    const played = await playDialogue(channel, steps, {
      framing,
      random: ctx.random,
      signal: ctx.signal,
      replyTimeoutMs: ctx.timing.replyTimeoutMs,
      scale: ctx.timing.scale ?? 1,
      sent: (text) => ctx.transcript.sent(text),
      received: (text) => ctx.transcript.received(text),
      note: (text) => ctx.transcript.note(text),
    })
    if (played.ok) return undefined
    // Nothing came: the server may be dying (its crash belongs in the message)
    const ended = played.silent ? await ctx.server.endedHow({ dying: true }) : undefined
    return fail(`${who}${played.problem}${ended ? `; ${ended}` : ''}`)
  } finally {
    channel.close()
  }
}
