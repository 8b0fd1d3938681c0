import type { Framing } from '../assignments/framing.js'
import { preview } from '../probes/transcript.js'
import type { Random } from '../random.js'
import type { Channel, Heard } from './channel.js'
import { expectPattern, sendText, type DialogueStep } from './dialogue.js'

/** What playing a dialogue needs: where its sends draw from, where its lines go, and its deadlines */
export interface PlayOptions {
  readonly framing: Framing
  readonly random: Random
  readonly signal: AbortSignal
  /** The wait of an expect step without its own timeout-ms */
  readonly replyTimeoutMs: number
  /** --timeout-scale, applied to a step's own timeout-ms */
  readonly scale: number
  readonly sent: (text: string) => void
  readonly received: (text: string) => void
  readonly note: (text: string) => void
}

/** How a play went: every step as written, or the first that was not (in words for the student) */
export type Played = { readonly ok: true; readonly sent: readonly string[] } | { readonly ok: false; readonly problem: string; readonly silent: boolean }

// Play the steps over the channel: send each send step, and match each message that comes with its expect step.
// `silent` on a failure: nothing came at all (the other side may have ended, which the caller can say)
export async function playDialogue(channel: Channel, steps: readonly DialogueStep[], options: PlayOptions): Promise<Played> {
  const captures = new Map<string, string>()
  const sent: string[] = []
  // A message read for an optional step it did not match: the next step's
  let pending: Buffer | undefined
  for (const step of steps) {
    if (step.kind === 'send') {
      const text = sendText(step.text, captures, options.random)
      options.sent(preview(text))
      sent.push(text)
      await channel.send(Buffer.from(text))
      continue
    }
    const heard: Heard = pending ? { message: pending } : await receive(channel, step, options)
    pending = undefined
    const pattern = expectPattern(step.pattern, captures)
    if ('problem' in heard) {
      if (step.optional) continue
      const partial = heard.partial?.length ? ` (received ${preview(heard.partial)})` : ''
      return { ok: false, silent: !heard.partial?.length, problem: `${step.label}: expected a message matching ${preview(step.pattern)}${withCaptures(step.pattern, captures)}; ${heard.problem}${partial}` }
    }
    const text = options.framing.name === 'lines' ? heard.message.toString('utf8').replace(/\r?\n$/, '') : heard.message.toString('utf8')
    const matched = pattern.exec(text)
    if (!matched) {
      if (step.optional) {
        pending = heard.message
        continue
      }
      return { ok: false, silent: false, problem: `${step.label}: expected a message matching ${preview(step.pattern)}${withCaptures(step.pattern, captures)}, received ${preview(text)}` }
    }
    // A group that took no part in the match captures nothing: '' (a {name} left in would be read as a field)
    for (const [name, value] of Object.entries(matched.groups ?? {})) captures.set(name, value ?? '')
  }
  return { ok: true, sent }
}

// The next message, recorded as it came (a message that goes unmatched included)
async function receive(channel: Channel, step: Extract<DialogueStep, { kind: 'expect' }>, options: PlayOptions): Promise<Heard> {
  const timeoutMs = step.timeoutMs === undefined ? options.replyTimeoutMs : Math.round(step.timeoutMs * options.scale)
  const heard = await channel.receive(timeoutMs, options.signal)
  if ('message' in heard) options.received(preview(heard.message))
  else options.note(`${step.label}: ${heard.problem}`)
  return heard
}

// The captured values a pattern uses, as the student should read it: ' (id = "4821")'
function withCaptures(pattern: string, captures: ReadonlyMap<string, string>): string {
  const used = [...captures].filter(([name]) => pattern.includes(`{${name}}`))
  return used.length ? ` (${used.map(([name, value]) => `${name} = ${preview(value)}`).join(', ')})` : ''
}
