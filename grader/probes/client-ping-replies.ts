import { definePingProbe, ms, pingName } from './client-ping-run.js'
import { fail, pass } from './probe.js'
import { preview } from './transcript.js'

// Every answer the grader sent is printed, in order (decoded, or as a bytes repr: its text is there either way)
export const clientPingReplies = definePingProbe({
  name: 'client-ping-replies',
  description: "Prints the lossy server's answer to each ping that was answered",
  judge({ run, pings }) {
    if (!pings.some((p) => p.reply !== undefined)) return fail(`The client sent ${pings.length} pings, none of which the grader answered: it never printed an answer`)
    for (const ping of pings) {
      if (ping.reply === undefined || ping.output.replyAt !== undefined) continue
      const late = ping.atMs + (ping.delayMs ?? 0) > run.endedAtMs ? ', but the client had ended by then' : ''
      return fail(`The grader answered ${pingName(ping)} with ${preview(ping.reply)} after ${ms(ping.delayMs ?? 0)}${late}; that answer is not in the client's output ${preview(run.stdout)}`)
    }
    return pass()
  },
})
