import { framedMessage, unterminated, type Framing } from '../assignments/framing.js'
import { preview } from '../probes/transcript.js'
import type { Random } from '../random.js'
import { MAX_KEPT_BYTES } from '../net/tcp.js'
import type { TlsServerOptions } from '../tls/start-tls.js'
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
  /** Each send step's text whole, as it went out, and the step's label */
  readonly delivered?: (text: string, label: string) => void
  /** The certificates of a start-tls step (a throw-away authority's): without them a start-tls step fails */
  readonly tls?: TlsServerOptions
  /** Each expect step as it went, for checks that judge one message (client-dialogue-step ...) */
  readonly heard?: (record: HeardStep) => void
}

/** How one expect step went: its message as it came, whether it came before the grader's previous send, and matched */
export interface HeardStep {
  readonly label: string
  readonly name: string | undefined
  /** The message whole, its line ending or terminator included; undefined when none came */
  readonly raw: string | undefined
  /** The message as its pattern saw it (lines: without its line end); undefined when none came */
  readonly text?: string
  readonly matched: boolean
  /** The message matches the step's strict form (true when the step has none) */
  readonly strict: boolean
  /** Bytes of it were there before the grader's previous send went out: the other side did not wait for it */
  readonly early: boolean
  /** The other side ended the connection here, which the step allowed (or-close) */
  readonly closed: boolean
  /** The message came over TLS (after a start-tls step) */
  readonly tls: boolean
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
  // Bytes came while the grader held its last send back: the next message did not wait for it
  let early = false
  // After a start-tls step: every message is over TLS
  let overTls = false
  for (let index = 0; index < steps.length; index++) {
    const step = steps[index] as DialogueStep
    if (step.kind === 'start-tls') {
      const started = options.tls && channel.startTls ? await channel.startTls(options.tls, options.replyTimeoutMs, options.signal) : { problem: 'the grader cannot start TLS on this connection' }
      if ('problem' in started) return { ok: false, silent: false, problem: `${step.label}: ${started.problem}` }
      overTls = true
      options.note(`${step.label}: TLS started (${started.protocol}${started.servername ? `, the client asked for ${preview(started.servername)}` : ', the client sent no host name'})`)
      continue
    }
    if (step.kind === 'send') {
      // --timeout-scale stretches a hold too: a slow machine's client is given as long to show it waits
      // A message already read (left by an optional step) came before this send: it did not wait for it
      if (step.holdMs > 0) early = (pending ? true : await channel.hold(Math.round(step.holdMs * options.scale), options.signal)) || early
      const text = sendText(step.text, captures, options.random)
      // Shown as messages that come are: under lines with its line end (the "\n" after an SMTP reply's "\r")
      options.sent(preview(unterminated(options.framing, framedMessage(options.framing, Buffer.from(text)))))
      sent.push(text)
      options.delivered?.(text, step.label)
      await channel.send(Buffer.from(text))
      continue
    }
    const heard: Heard = pending ? { message: pending } : await receive(channel, step, options)
    pending = undefined
    const wasEarly: boolean = early
    early = false
    const record = { label: step.label, name: step.name, early: wasEarly, closed: false, tls: overTls }
    const pattern = expectPattern(step.pattern, captures, step.ignoreCase)
    if ('problem' in heard) {
      if (step.orClose && heard.closed && !heard.partial?.length) {
        options.heard?.({ ...record, raw: undefined, matched: true, strict: true, closed: true })
        options.note(`${step.label}: the other side ended the connection, as this step allows`)
        return { ok: true, sent }
      }
      options.heard?.({ ...record, raw: heard.partial?.length ? heard.partial.toString('utf8') : undefined, matched: false, strict: false })
      if (step.optional) {
        index += step.then
        continue
      }
      const partial = heard.partial?.length ? ` (received ${preview(heard.partial)})` : ''
      return { ok: false, silent: !heard.partial?.length, problem: `${step.label}: expected a message matching ${preview(step.pattern)}${withCaptures(step.pattern, captures)}; ${heard.problem}${partial}` }
    }
    const text = options.framing.name === 'lines' ? heard.message.toString('utf8').replace(/\r?\n$/, '') : heard.message.toString('utf8')
    const matched = pattern.exec(text)
    const strict = matched !== null && (step.strict === undefined || expectPattern(step.strict, captures, step.ignoreCase).test(text))
    if (matched || !step.optional) options.heard?.({ ...record, raw: heard.message.toString('utf8'), text, matched: matched !== null, strict })
    if (!matched) {
      if (step.optional) {
        // Left for the step after this one's then: steps, which do not run; whether it came early goes with it
        pending = heard.message
        early = wasEarly
        index += step.then
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
  const heard = step.linesUntil === undefined ? await channel.receive(timeoutMs, options.signal) : await receiveLines(channel, step.linesUntil, timeoutMs, options)
  if ('message' in heard) options.received(preview(heard.message))
  else options.note(`${step.label}: ${heard.problem}`)
  return heard
}

// Lines up to and with the first one matching `last` whole (its line end taken off), as one message: an SMTP message
// ends with a line holding only "."; the wait is for the whole of it
async function receiveLines(channel: Channel, last: string, timeoutMs: number, options: PlayOptions): Promise<Heard> {
  const end = new RegExp(`^(?:${last})$`, 'su')
  const deadline = Date.now() + timeoutMs
  const lines: Buffer[] = []
  let bytes = 0
  for (;;) {
    const heard = await channel.receive(Math.max(1, deadline - Date.now()), options.signal)
    if ('problem' in heard) {
      const partial = Buffer.concat([...lines, heard.partial ?? Buffer.alloc(0)])
      const problem = lines.length ? `${heard.problem}, after ${lines.length} line${lines.length === 1 ? '' : 's'} without one matching ${preview(last)}` : heard.problem
      return { problem, partial, ...(heard.closed ? { closed: true } : {}) }
    }
    lines.push(heard.message)
    bytes += heard.message.length
    if (end.test(heard.message.toString('utf8').replace(/\r?\n$/, ''))) return { message: Buffer.concat(lines) }
    if (bytes > MAX_KEPT_BYTES) return { problem: `more than ${MAX_KEPT_BYTES} bytes without a line matching ${preview(last)}`, partial: Buffer.concat(lines) }
  }
}

// The captured values a pattern uses, as the student should read it: ' (id = "4821")'
function withCaptures(pattern: string, captures: ReadonlyMap<string, string>): string {
  const used = [...captures].filter(([name]) => pattern.includes(`{${name}}`))
  return used.length ? ` (${used.map(([name, value]) => `${name} = ${preview(value)}`).join(', ')})` : ''
}
