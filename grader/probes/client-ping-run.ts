import type { LossyServerSpec } from '../lossy-server/spec.js'
import type { DurationRange } from '../ping-output/durations.js'
import { attributeOutput, type PingOutput } from '../ping-output/attribute.js'
import type { PingRun } from '../sessions/client-pings.js'
import { clientEnded } from './client-outcome.js'
import type { ClientProbeContext } from './probe.js'
import { preview } from './transcript.js'

/** One datagram the client sent, what the grader did with it, and the part of the output that is about it */
export interface ObservedPing {
  /** 1-based, in the order the grader received them */
  readonly number: number
  readonly text: string
  readonly atMs: number
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
// (the client times the whole wait), and up to `slackMs` more (its own scheduling), or more on a loaded machine, but
// never more than the time from this ping to the next one (or the client's end), which its timing lies within
export function rttRanges(observed: ObservedPings, slackMs: number): Map<number, DurationRange> {
  const ranges = new Map<number, DurationRange>()
  for (const [i, ping] of observed.pings.entries()) {
    if (ping.delayMs === undefined) continue
    const untilMs = (observed.pings[i + 1]?.atMs ?? observed.run.endedAtMs) - ping.atMs
    ranges.set(ping.number, { loMs: ping.delayMs - CLOCK_MS, hiMs: Math.max(ping.delayMs + slackMs, untilMs + CLOCK_MS) })
  }
  return ranges
}

// Milliseconds as a message shows them
export function ms(value: number): string {
  return `${Math.round(value)} ms`
}

// How a ping is named in a message: its number in arrival order and what the client sent
export function pingName(ping: ObservedPing): string {
  return `ping ${ping.number} (${preview(ping.text.replace(/\r?\n$/, ''))})`
}
