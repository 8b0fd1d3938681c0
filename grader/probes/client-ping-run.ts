import type { LossyServerSpec } from '../lossy-server/spec.js'
import type { DurationRange } from '../ping-output/durations.js'
import { attributeOutput, type PingOutput } from '../ping-output/attribute.js'
import type { PingRun } from '../sessions/client-pings.js'
import { clientEnded, neverContacted } from './client-outcome.js'
import { defineClientProbe, fail, type ClientProbe, type ClientProbeContext, type ProbeOutcome } from './probe.js'
import { preview } from './transcript.js'

/** One datagram the client sent, what the grader did with it, and the part of the output that is about it */
export interface ObservedPing {
  /** 1-based, in the order the grader received them */
  readonly number: number
  readonly text: string
  readonly atMs: number
  /** How much earlier it may have arrived than `atMs` (the grader was held up) */
  readonly lagMs: number
  /** The answer's real delay (from arrival to answer), when the grader answered it */
  readonly delayMs?: number
  readonly reply?: string
  readonly output: PingOutput
}

export interface ObservedPings {
  readonly run: PingRun
  readonly spec: LossyServerSpec
  /** The pings the plan covers, as the client sent them (the first `spec.datagrams`) */
  readonly pings: readonly ObservedPing[]
}

// Run (or reuse) the client against the lossy server, write what happened into the transcript, and split its output
// into each ping's part
export async function observePings(ctx: ClientProbeContext<unknown>): Promise<ObservedPings> {
  const run = await ctx.runClientPings()
  const spec = ctx.assignment['lossy-server'] as LossyServerSpec
  const sent = run.datagrams.slice(0, spec.datagrams)
  const outputs = attributeOutput(run.stdout, sent)
  const pings = sent.map((d, i): ObservedPing => ({
    number: i + 1,
    text: d.text,
    atMs: d.atMs,
    lagMs: d.lagMs,
    ...(d.reply !== undefined && d.repliedAtMs !== undefined ? { reply: d.reply, delayMs: d.repliedAtMs - d.atMs } : {}),
    output: outputs[i] as PingOutput,
  }))
  const unanswered = run.plan.delaysMs.flatMap((delay, i) => (delay === undefined ? [i + 1] : []))
  ctx.transcript.note(`Ran the client with host ${run.host}, port ${run.port}, stdin ${preview(`${run.host}\n${run.port}\n`)}; the grader's server leaves ping ${unanswered.join(', ')} of ${spec.datagrams} unanswered`)
  for (const ping of pings) {
    ctx.transcript.received(`at ${ms(ping.atMs)}: ${preview(ping.text)}`)
    if (ping.reply !== undefined) ctx.transcript.sent(`after ${ms(ping.delayMs ?? 0)}: ${preview(ping.reply)}`)
    else ctx.transcript.note(`ping ${ping.number} left unanswered`)
  }
  const beyond = run.datagrams.length - sent.length + run.droppedMessages
  if (beyond > 0) ctx.transcript.note(`… and ${beyond} more datagrams`)
  const cut = run.stdoutDroppedBytes > 0 ? ` (the first ${Buffer.byteLength(run.stdout)} bytes; ${run.stdoutDroppedBytes} more were cut)` : ''
  ctx.transcript.note(`Client stdout${cut}: ${preview(run.stdout)}`)
  ctx.transcript.note(`Client ${run.timedOut ? `still running after ${run.timeoutMs} ms, killed` : clientEnded(run)} at ${ms(run.endedAtMs)}`)
  return { run, spec, pings }
}

// A clock read a little early or late, a datagram's trip on loopback
const CLOCK_MS = 5

// The RTTs a correct client could print for each answered ping, by ping number: never less than the grader's delay
// (the client times the whole wait), and up to `slackMs` more (its own scheduling), or more on a loaded machine or a
// slow first call (a JVM's), but never more than the time from the end of the ping before (its answer leaving, or
// its arrival when it was lost; the client's start for the first ping) to the next ping (or the client's end): the
// client's own timing of the ping lies within that
export function rttRanges(observed: ObservedPings, slackMs: number): Map<number, DurationRange> {
  const ranges = new Map<number, DurationRange>()
  const { pings } = observed
  for (const [i, ping] of pings.entries()) {
    if (ping.delayMs === undefined) continue
    const before = pings[i - 1]
    const fromMs = before ? before.atMs + (before.delayMs ?? 0) : 0
    const untilMs = pings[i + 1]?.atMs ?? observed.run.endedAtMs
    // Seen late, the ping may have waited in the socket before the grader's delay began
    ranges.set(ping.number, { loMs: ping.delayMs - CLOCK_MS, hiMs: Math.max(ping.delayMs + ping.lagMs + slackMs, untilMs - fromMs + (before?.lagMs ?? 0) + CLOCK_MS) })
  }
  return ranges
}

// How long the client waited after an answer before its next ping, the middle of those waits, when it was usually much
// longer than a program takes to loop (a time.sleep() between pings); undefined when it went on at once
export function pauseAfterAnswers(run: Pick<PingRun, 'datagrams'>): { pauseMs: number; example: string } | undefined {
  const pauses = run.datagrams.flatMap((datagram, i) => {
    const next = run.datagrams[i + 1]
    return datagram.repliedAtMs === undefined || !next ? [] : [{ ms: next.atMs - datagram.repliedAtMs, example: `ping ${i + 1} was answered at ${ms(datagram.repliedAtMs)}, ping ${i + 2} sent at ${ms(next.atMs)}` }]
  })
  if (pauses.length < 2) return undefined
  const middle = [...pauses].sort((a, b) => a.ms - b.ms)[Math.floor(pauses.length / 2)] as { ms: number; example: string }
  return middle.ms >= LONG_PAUSE_MS ? { pauseMs: middle.ms, example: middle.example } : undefined
}

// Far longer than a loop takes on a loaded machine, well below the 1 s a time.sleep(1) waits
const LONG_PAUSE_MS = 600

// Milliseconds as a message shows them
export function ms(value: number): string {
  return `${Math.round(value)} ms`
}

// How a ping is named in a message: its number in arrival order and what the client sent
export function pingName(ping: ObservedPing): string {
  return `ping ${ping.number} (${preview(ping.text.replace(/\r?\n$/, ''))})`
}

/** A check of a client's run against the lossy server: the judgement of what was observed */
export interface PingProbe<P> {
  readonly name: string
  readonly description: string
  /** JSON Schema of its params; none when not given */
  readonly params?: Record<string, unknown>
  judge(observed: ObservedPings, ctx: ClientProbeContext<P>): ProbeOutcome
}

// A client probe judging the one run against the lossy server: a client that never sent a datagram fails every one
// of them the same way
export function definePingProbe<P = Record<string, never>>(probe: PingProbe<P>): ClientProbe<P> {
  return defineClientProbe<P>({
    name: probe.name,
    description: probe.description,
    params: probe.params ?? msParams(),
    transports: ['udp'],
    needsLossyServer: true,
    answerFree: true,
    async run(ctx) {
      const observed = await observePings(ctx as ClientProbeContext<unknown>)
      if (observed.run.datagrams.length === 0) return fail(neverContacted(observed.run, ctx.assignment))
      return probe.judge(observed, ctx)
    },
  })
}

// The schema of params that are all durations in whole milliseconds, every one required
export function msParams(...names: string[]): Record<string, unknown> {
  const ms = { type: 'integer', minimum: 0, maximum: 60000 }
  return { type: 'object', additionalProperties: false, properties: Object.fromEntries(names.map((n) => [n, ms])), ...(names.length ? { required: names } : {}) }
}
