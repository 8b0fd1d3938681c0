import { clientEnded } from './client-outcome.js'
import { definePingProbe, ms, msParams } from './client-ping-run.js'
import { fail, pass } from './probe.js'

export interface PingRunTimeParams {
  /** What each unanswered ping may cost: the timeout the assignment asks for */
  readonly 'per-drop-ms': number
  /** On top: the time after the last ping, at --timeout-scale 1 (the run counts from the first ping) */
  readonly 'slack-ms': number
}

// The whole run takes about what the server made it take: the timeout for each ping left unanswered, the answers'
// delays, and a little for starting and ending. A client that sleeps between pings, or waits long on every loss, fails
export const clientPingRunTime = definePingProbe<PingRunTimeParams>({
  name: 'client-ping-run-time',
  description: 'Ends within about the time its lost pings and the answers\' delays take',
  params: msParams('per-drop-ms', 'slack-ms'),
  judge(observed, ctx) {
    const { run, pings } = observed
    if (run.timedOut || run.stdoutOverflowed) return fail(`The client ${clientEnded(run)}`)
    const drops = pings.filter((p) => p.reply === undefined).length
    const delaysMs = pings.reduce((sum, p) => sum + (p.delayMs ?? 0), 0)
    const boundMs = drops * ctx.params['per-drop-ms'] + delaysMs + ctx.params['slack-ms'] * (ctx.timing.scale ?? 1)
    // From the first ping: how long the interpreter took to start is the machine's, not the client's
    const ranMs = run.endedAtMs - (pings[0]?.atMs ?? 0)
    if (ranMs <= boundMs) return pass()
    return fail(`The client ran for ${ms(ranMs)} from its first ping: with ${drops} pings unanswered (${ms(ctx.params['per-drop-ms'])} each) and answers that took ${ms(delaysMs)} in all, it should have ended within ${ms(boundMs)}`)
  },
})
