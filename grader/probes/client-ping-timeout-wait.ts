import { definePingProbe, ms, msParams, pauseAfterAnswers, pingName, type ObservedPing } from './client-ping-run.js'
import { fail, pass } from './probe.js'

// However loaded the machine, a wait more than this beyond max-ms is the client's own
const MAX_JITTER_MS = 1000

export interface PingTimeoutWaitParams {
  /** The shortest wait for a lost answer that counts as about the timeout */
  readonly 'min-ms': number
  /** The longest, at --timeout-scale 1 (stretched by it beyond a second) */
  readonly 'max-ms': number
}

// How long the client waited for each ping left unanswered, seen from the grader's side: from its arrival to the
// next ping's (or the client's end), less the pause the client makes between pings anyway (the least time from an
// answer to the next ping), so a client that sleeps between pings is judged on its timeout alone
export const clientPingTimeoutWait = definePingProbe<PingTimeoutWaitParams>({
  name: 'client-ping-timeout-wait',
  description: 'Waits about its timeout for each ping left unanswered, then moves on',
  params: msParams('min-ms', 'max-ms'),
  judge(observed, ctx) {
    const { run, pings } = observed
    const scale = ctx.timing.scale ?? 1
    const minMs = ctx.params['min-ms']
    const { pauseMs, jitterMs } = pausesBetween(pings)
    const pause = pauseMs > 0 ? ` (less the ${ms(pauseMs)} the client waits between pings anyway)` : ''
    // On a loaded machine the time from an answer to the next ping varies: a wait may be that much longer too
    const maxMs = ctx.params['max-ms'] + Math.max(0, scale - 1) * 1000 + Math.min(jitterMs, MAX_JITTER_MS)
    for (const [i, ping] of pings.entries()) {
      if (ping.reply !== undefined) continue
      const next = pings[i + 1]
      if (!next && run.timedOut) {
        const pause = pauseAfterAnswers(run)
        const sleeps = pause ? ` (it also waited ${ms(pause.pauseMs)} after an answer before its next ping: a time.sleep() after each ping would explain both)` : ''
        return fail(`The grader left ${pingName(ping)} unanswered, and the client was still waiting for it ${ms(run.endedAtMs - ping.atMs)} later, when the grader stopped it${sleeps}`)
      }
      // After the last ping a client may end at once: no pause to take off
      const waitedMs = next ? next.atMs - ping.atMs - pauseMs : run.endedAtMs - ping.atMs
      const what = next ? `sent the next ping ${ms(waitedMs)} later${pause}` : `ended ${ms(waitedMs)} later`
      // A ping the grader saw late may have come that much earlier: judged on the wait most in the client's favour
      if (waitedMs + ping.lagMs < minMs) return fail(`The grader left ${pingName(ping)} unanswered, and the client ${what}: it gave up on the answer before ${ms(minMs)}`)
      if (waitedMs - (next?.lagMs ?? 0) > maxMs + (next ? 0 : pauseMs)) return fail(`The grader left ${pingName(ping)} unanswered, and the client ${what}: more than ${ms(maxMs)}`)
    }
    return pass()
  },
})

// The least time from an answer to the next ping: what a client spends between pings whatever happens (0 for most);
// and how much more the longest such time was (the machine's load, seen in this very run)
function pausesBetween(pings: readonly ObservedPing[]): { pauseMs: number; jitterMs: number } {
  const pauses = pings.flatMap((ping, i) => {
    const next = pings[i + 1]
    return ping.delayMs !== undefined && next ? [next.atMs - ping.atMs - ping.delayMs] : []
  })
  if (pauses.length === 0) return { pauseMs: 0, jitterMs: 0 }
  return { pauseMs: Math.max(0, Math.min(...pauses)), jitterMs: Math.max(...pauses) - Math.min(...pauses) }
}
