import { matchesDuration, type DurationRange } from '../ping-output/durations.js'
import { rttIn } from '../ping-output/rtt.js'
import { definePingProbe, ms, msParams, pingName, rttRanges } from './client-ping-run.js'
import { fail, pass } from './probe.js'
import { preview } from './transcript.js'

export interface PingRttsParams {
  /** How much longer than the grader's delay a printed RTT may be (the client's own scheduling), at scale 1 */
  readonly 'slack-ms': number
}

// Each answered ping's printed RTT is the time the answer really took, in the unit the program prints (s, ms, µs, ns),
// by magnitude where it prints none. The grader delays every answer by a seeded amount, so a made-up RTT shows
export const clientPingRtts = definePingProbe<PingRttsParams>({
  name: 'client-ping-rtts',
  description: 'Prints, for each answered ping, an RTT that matches how long the answer took',
  params: msParams('slack-ms'),
  judge(observed, ctx) {
    const { run, pings } = observed
    const slackMs = ctx.params['slack-ms'] * (ctx.timing.scale ?? 1)
    const answered = pings.filter((p) => p.reply !== undefined)
    if (answered.length === 0) return fail(`The client sent ${pings.length} pings, none of which the grader answered: it never printed an RTT`)
    const printed = answered.filter((p) => p.output.replyAt !== undefined)
    if (printed.length === 0) return fail(`The client printed none of the grader's answers, so no RTT can be told apart from the rest of its output ${preview(run.stdout)}`, 'Print each answer and its RTT on the same line or right after it')
    const ranges = rttRanges(observed, slackMs)
    for (const ping of printed) {
      const truthMs = ping.delayMs ?? 0
      const rtt = rttIn(ping.output.segment, truthMs)
      if (!rtt) return fail(`The client printed no RTT for ${pingName(ping)}: its output for that ping was ${preview(ping.output.segment.trim())}`)
      if (!matchesDuration(rtt, ranges.get(ping.number) as DurationRange)) {
        const read = rtt.labelled ? `${ms(rtt.ms)}` : `${ms(rtt.ms)}, taking the bare number as ${rtt.unit}`
        return fail(`The grader answered ${pingName(ping)} ${ms(truthMs)} after it arrived, but the client printed the RTT ${preview(rtt.text)} (${read})`)
      }
    }
    return pass()
  },
})
