import { definePingProbe, pingName } from './client-ping-run.js'
import { fail, pass } from './probe.js'
import { preview } from './transcript.js'

// For each ping the grader left unanswered, the client prints a line saying it timed out (any wording with "timed
// out" or "timeout"), where that ping's output belongs
export const clientPingTimeouts = definePingProbe({
  name: 'client-ping-timeouts',
  description: 'Prints a line with "timed out" (or "timeout") for each ping left unanswered',
  judge({ run, pings }) {
    const dropped = pings.filter((p) => p.reply === undefined)
    if (dropped.length === 0) return fail(`The client sent ${pings.length} pings and stopped before the grader left one unanswered: nothing shows what it does when an answer is lost`)
    for (const ping of dropped) {
      if (ping.output.timeoutAt === undefined) return fail(`The grader left ${pingName(ping)} unanswered, and the client printed no line saying it timed out for it: its output was ${preview(run.stdout)}`)
    }
    return pass()
  },
})
