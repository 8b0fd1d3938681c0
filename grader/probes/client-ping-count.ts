import { clientEnded, neverContacted } from './client-outcome.js'
import { ms, observePings } from './client-ping-run.js'
import { defineClientProbe, fail, pass } from './probe.js'

// The client sends as many pings as the assignment's lossy server plans for (10 in the lab), then stops sending
export const clientPingCount = defineClientProbe<Record<string, never>>({
  name: 'client-ping-count',
  description: "Sends exactly the lossy server's number of datagrams (lossy-server: datagrams)",
  params: { type: 'object', additionalProperties: false, properties: {} },
  transports: ['udp'],
  needsLossyServer: true,
  answerFree: true,
  async run(ctx) {
    const { run, spec } = await observePings(ctx)
    const count = run.datagrams.length + run.droppedMessages
    if (count === 0) return fail(neverContacted(run, ctx.assignment))
    if (count === spec.datagrams) return pass()
    if (count > spec.datagrams) return fail(`The client sent ${count} pings: ${spec.datagrams} expected`)
    const last = run.datagrams[count - 1]
    const unanswered = last?.reply === undefined
    if (run.timedOut && unanswered) {
      return fail(`The client sent ${count} of ${spec.datagrams} pings and was still waiting when the grader stopped it at ${ms(run.endedAtMs)}: ping ${count} was never answered, and the client never gave up on it`, 'Without a timeout, recvfrom() waits forever for an answer that was lost: call settimeout(1) on the socket and catch socket.timeout')
    }
    return fail(`The client sent ${count} of ${spec.datagrams} pings; it ${clientEnded(run)}`)
  },
})
