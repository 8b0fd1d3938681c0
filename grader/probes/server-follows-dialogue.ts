import { framingOf } from '../assignments/framing.js'
import { openChannel, type Channel } from '../dialogue/channel.js'
import { expectPattern, sendText, unrolledSteps, type DialogueStep } from '../dialogue/dialogue.js'
import { targetUrl } from '../net/target.js'
import { DEFAULT_TIMING } from '../timing.js'
import { defineServerProbe, fail, pass, type ProbeOutcome, type ServerProbeContext } from './probe.js'
import { preview } from './transcript.js'

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
  needsDialogue: true,
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
  const captures = new Map<string, string>()
  // A message read for an optional step it did not match: the next step's
  let pending: Buffer | undefined
  try {
    for (const step of steps) {
      if (step.kind === 'send') {
        const text = sendText(step.text, captures, ctx.random)
        ctx.transcript.sent(preview(text))
        await channel.send(Buffer.from(text))
        continue
      }
      const heard = pending ? { message: pending } : await receive(ctx, channel, step)
      pending = undefined
      const pattern = expectPattern(step.pattern, captures)
      if ('problem' in heard) {
        if (step.optional) continue
        const ended = await ctx.server.endedHow({ dying: true })
        const partial = heard.partial?.length ? ` (received ${preview(heard.partial)})` : ''
        return fail(`${who}${step.label}: expected a message matching ${preview(step.pattern)}${withCaptures(step.pattern, captures)}; ${heard.problem}${partial}${ended ? `; ${ended}` : ''}`)
      }
      const text = framing.name === 'lines' ? heard.message.toString('utf8').replace(/\r?\n$/, '') : heard.message.toString('utf8')
      const matched = pattern.exec(text)
      if (!matched) {
        if (step.optional) {
          pending = heard.message
          continue
        }
        return fail(`${who}${step.label}: expected a message matching ${preview(step.pattern)}${withCaptures(step.pattern, captures)}, received ${preview(text)}`)
      }
      for (const [name, value] of Object.entries(matched.groups ?? {})) if (value !== undefined) captures.set(name, value)
    }
    return undefined
  } finally {
    channel.close()
  }
}

// The next message, recorded in the transcript as it came (a message that went unmatched included)
async function receive(ctx: ServerProbeContext<Params>, channel: Channel, step: Extract<DialogueStep, { kind: 'expect' }>) {
  const timeoutMs = step.timeoutMs === undefined ? ctx.timing.replyTimeoutMs : Math.round(step.timeoutMs * (ctx.timing.scale ?? 1))
  const heard = await channel.receive(timeoutMs, ctx.signal)
  if ('message' in heard) ctx.transcript.received(preview(heard.message))
  else ctx.transcript.note(`${step.label}: ${heard.problem}`)
  return heard
}

// How many reply waits the expect steps make, a step with a long timeout-ms counting as several
function expectWaits(steps: readonly DialogueStep[]): number {
  const expects = steps.filter((step) => step.kind === 'expect')
  return Math.max(1, expects.reduce((sum, step) => sum + Math.max(1, Math.ceil((step.timeoutMs ?? 0) / DEFAULT_TIMING.replyMs)), 0))
}

// The captured values a pattern uses, as the student should read it: ' (id = "4821")'
function withCaptures(pattern: string, captures: ReadonlyMap<string, string>): string {
  const used = [...captures].filter(([name]) => pattern.includes(`{${name}}`))
  return used.length ? ` (${used.map(([name, value]) => `${name} = ${preview(value)}`).join(', ')})` : ''
}
