import { matchesDuration, type DurationRange, type PrintedDuration } from '../ping-output/durations.js'
import { matchesLoss, summaryIn } from '../ping-output/stats.js'
import { definePingProbe, ms, msParams, rttRanges } from './client-ping-run.js'
import { fail, pass } from './probe.js'
import { preview } from './transcript.js'

export interface PingStatsParams {
  /** As client-ping-rtts: how much above the truth a printed RTT may be, at scale 1 */
  readonly 'slack-ms': number
}

// After its pings the client prints the least, greatest and average RTT and the share of pings lost, matching what
// happened (the grader's real delays and drops). Read from the last part of the output: after the last ping's marker
export const clientPingStats = definePingProbe<PingStatsParams>({
  name: 'client-ping-stats',
  description: 'Prints the minimum, maximum and average RTT and the loss rate of its pings',
  params: msParams('slack-ms'),
  judge(observed, ctx) {
    const { run, pings } = observed
    const delays = pings.flatMap((p) => (p.delayMs === undefined ? [] : [p.delayMs]))
    if (delays.length === 0) return fail('No ping was answered, so there is no RTT to sum up')
    const truth = { minMs: Math.min(...delays), maxMs: Math.max(...delays), avgMs: delays.reduce((a, b) => a + b, 0) / delays.length }
    const last = [...pings].reverse().find((p) => p.output.segment.length > 0)
    const summary = summaryIn(last?.output.segment ?? run.stdout, truth)
    // Each summary value ranges as the RTTs it sums up do
    const ranges = [...rttRanges(observed, ctx.params['slack-ms'] * (ctx.timing.scale ?? 1)).values()]
    const over = (pick: (values: number[]) => number): DurationRange => ({ loMs: pick(ranges.map((r) => r.loMs)), hiMs: pick(ranges.map((r) => r.hiMs)) })
    const mean = (values: number[]) => values.reduce((a, b) => a + b, 0) / values.length
    const wrong: string[] = []
    const judge = (name: string, printed: PrintedDuration | undefined, truthMs: number, range: DurationRange) => {
      if (!printed) wrong.push(`no ${name} RTT`)
      else if (!matchesDuration(printed, range)) wrong.push(`${name} RTT ${preview(printed.text)} (${ms(printed.ms)}), but it was ${ms(truthMs)}`)
    }
    judge('minimum', summary.minMs, truth.minMs, over((v) => Math.min(...v)))
    judge('maximum', summary.maxMs, truth.maxMs, over((v) => Math.max(...v)))
    judge('average', summary.avgMs, truth.avgMs, over(mean))
    const lost = pings.length - delays.length
    if (!summary.loss) wrong.push('no loss rate')
    else if (!matchesLoss(summary.loss, lost, pings.length)) wrong.push(`loss ${preview(summary.loss.text)}, but ${lost} of ${pings.length} pings were lost`)
    return wrong.length ? fail(`The client printed ${wrong.join('; ')}`) : pass()
  },
})
